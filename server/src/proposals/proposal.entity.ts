import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { ProposalStatus, ProseMirrorDoc } from '@lokalforum/protocol';
import { Forum } from '../forums/forum.entity';
import { User } from '../people/user.entity';

/**
 * forslag: a proposal a lokalforum's members draft together. Its content lives
 * in a Yjs document; `title`, `summary`, `text` and `bodyJson` are derived from
 * it whenever the document is stored.
 */
@Entity('proposals')
export class Proposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'forum_id' })
  forumId: string;

  @ManyToOne(() => Forum, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'forum_id' })
  forum: Forum;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  summary: string;

  @Column('text', { default: 'draft' })
  status: ProposalStatus;

  /** Plain text of the whole document (title, summary, body). */
  @Column('text', { default: '' })
  text: string;

  @Column('jsonb', { name: 'body_json', default: () => `'{"type": "doc", "content": []}'` })
  bodyJson: ProseMirrorDoc;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by' })
  creator: User | null;

  /** What it asks of the area grant (whole kroner), while a draft; versions keep their own. */
  @Column('integer', { name: 'amount_dkk', nullable: true })
  amountDkk: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  /** Kept by a trigger from the texts (see the Search migration); never read or written here. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  search: string | null;
}

/** Everyone who has edited a proposal, from the first accepted change on. */
@Entity('proposal_authors')
export class ProposalAuthor {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  proposalId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal: Proposal;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column('timestamptz', { name: 'first_edit_at', default: () => 'now()' })
  firstEditAt: Date;
}
