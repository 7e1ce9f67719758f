import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffKind } from '@lokalforum/protocol';

/** kommentar: a comment in a debate, or (depth 1) a reply to a top-level comment. */
@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'debate_id' })
  debateId: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** 0 for a comment, 1 for a reply; the database keeps replies one level deep. */
  @Column('smallint', { default: 0 })
  depth: number;

  /** Always 0: part of the foreign key that only lets replies point at depth-0 comments. */
  @Column('smallint', { name: 'parent_depth', default: 0 })
  parentDepth: number;

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @Column('text', { name: 'author_staff', nullable: true })
  authorStaff: StaffKind | null;

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

  @Column('text', { name: 'hidden_reason', nullable: true })
  hiddenReason: string | null;

  @Column('uuid', { name: 'hidden_by', nullable: true })
  hiddenBy: string | null;
}

/** An earlier text of an edited comment. */
@Entity('comment_revisions')
export class CommentRevision {
  @PrimaryColumn('uuid', { name: 'comment_id' })
  commentId: string;

  @PrimaryColumn('integer')
  number: number;

  @Column('text')
  body: string;

  @Column('timestamptz', { name: 'written_at' })
  writtenAt: Date;
}
