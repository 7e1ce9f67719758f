import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffKind } from '@lokalforum/protocol';

/** debat: an open debate thread of a lokalforum; its opening post is `title` and `body`. */
@Entity('debates')
export class Debate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'forum_id' })
  forumId: string;

  /** Null once the author's account is deleted. */
  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  /** The author's staff kind when they posted: answers from staff are marked. */
  @Column('text', { name: 'author_staff', nullable: true })
  authorStaff: StaffKind | null;

  @Column('uuid', { name: 'proposal_id', nullable: true })
  proposalId: string | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'edited_at', nullable: true })
  editedAt: Date | null;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @Column('timestamptz', { name: 'hidden_at', nullable: true })
  hiddenAt: Date | null;

  /** Shown publicly in place of the hidden post. */
  @Column('text', { name: 'hidden_reason', nullable: true })
  hiddenReason: string | null;

  @Column('uuid', { name: 'hidden_by', nullable: true })
  hiddenBy: string | null;

  @Column('timestamptz', { name: 'locked_at', nullable: true })
  lockedAt: Date | null;

  @Column('text', { name: 'locked_reason', nullable: true })
  lockedReason: string | null;

  @Column('uuid', { name: 'locked_by', nullable: true })
  lockedBy: string | null;

  @Column('timestamptz', { name: 'last_activity_at', default: () => 'now()' })
  lastActivityAt: Date;

  @Column('integer', { name: 'comment_count', default: 0 })
  commentCount: number;

  /** Kept by a trigger from the texts (see the Search migration); never read or written here. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  search: string | null;
}

/** An earlier title and text of an edited debate. */
@Entity('debate_revisions')
export class DebateRevision {
  @PrimaryColumn('uuid', { name: 'debate_id' })
  debateId: string;

  @PrimaryColumn('integer')
  number: number;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('timestamptz', { name: 'written_at' })
  writtenAt: Date;
}
