import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProseMirrorDoc } from '@lokalforum/protocol';
import { User } from '../people/user.entity';
import { Proposal } from './proposal.entity';

/** A frozen, numbered version of a proposal's text; the database refuses to change it. */
@Entity('proposal_versions')
export class ProposalVersion {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  proposalId: string;

  @PrimaryColumn('integer')
  number: number;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal: Proposal;

  @Column('text')
  title: string;

  @Column('text')
  text: string;

  /** Hex SHA-256 of `text` as UTF-8; a CHECK constraint recomputes it. */
  @Column('text', { name: 'text_sha256' })
  textSha256: string;

  @Column('jsonb', { name: 'body_json' })
  bodyJson: ProseMirrorDoc;

  /** The whole Yjs document (update format v1). */
  @Column('bytea')
  snapshot: Buffer;

  @Column('uuid', { name: 'frozen_by', nullable: true })
  frozenBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'frozen_by' })
  freezer: User | null;

  /** The amount asked of the area grant, frozen with the text: adopting this version commits it. */
  @Column('integer', { name: 'amount_dkk', nullable: true })
  amountDkk: number | null;

  @Column('timestamptz', { name: 'frozen_at', default: () => 'now()' })
  frozenAt: Date;
}
