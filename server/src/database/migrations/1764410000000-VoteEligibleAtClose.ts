import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many members could vote when a vote closed, written once by the close
 * itself: memberships change afterwards, and a closed vote's turnout must not.
 * The counts of yes, no and abstain stay derived from the ballots.
 */
export class VoteEligibleAtClose1764410000000 implements MigrationInterface {
  name = 'VoteEligibleAtClose1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE votes ADD COLUMN eligible_at_close integer`);
    await q.query(`
      ALTER TABLE votes ADD CONSTRAINT votes_eligible_at_close
        CHECK ((closed_at IS NULL) = (eligible_at_close IS NULL) AND
               (eligible_at_close IS NULL OR eligible_at_close >= 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE votes DROP COLUMN eligible_at_close`);
  }
}
