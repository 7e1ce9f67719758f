import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A proposal can leave `draft`: `voting` while its vote is open (read-only from then on). */
export class ProposalVotingStatus1764350000000 implements MigrationInterface {
  name = 'ProposalVotingStatus1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT proposals_status`);
    await q.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_status CHECK (status IN ('draft', 'voting'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT proposals_status`);
    await q.query(`UPDATE proposals SET status = 'draft' WHERE status <> 'draft'`);
    await q.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_status CHECK (status IN ('draft'))`,
    );
  }
}
