import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Proposal } from './proposal.entity';

/**
 * One stored batch of accepted Yjs updates. Append-only: rows are only ever
 * inserted, and deleted when compaction has folded them into the snapshot.
 */
@Entity('proposal_updates')
export class ProposalUpdate {
  /** bigint: TypeORM hands it over as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'proposal_id' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal: Proposal;

  @Column('bytea')
  update: Buffer;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

/** The compacted state of a proposal's document; loading is this plus the remaining log. */
@Entity('proposal_snapshots')
export class ProposalSnapshot {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  proposalId: string;

  @OneToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal: Proposal;

  @Column('bytea')
  state: Buffer;

  /** Highest log id folded in (informational: compaction deletes exactly the rows it folded). */
  @Column('bigint', { name: 'last_update_id', default: 0 })
  lastUpdateId: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
