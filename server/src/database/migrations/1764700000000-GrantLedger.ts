import type { MigrationInterface, QueryRunner } from 'typeorm';

const TIMELINE_KINDS_BEFORE = `('statusChanged', 'voteOpened', 'voteClosed', 'escalated',
  'answered', 'handedOver')`;
const TIMELINE_KINDS = `('statusChanged', 'voteOpened', 'voteClosed', 'escalated',
  'answered', 'handedOver', 'grantCommitted', 'grantRefused')`;

/**
 * The area grant (issue 3): an append-only ledger per forum. Balances are
 * never stored: they are sums over these rows (see grants/grant-balance.ts).
 * The invariants the service checks are also the database's: one grant per
 * forum and year, one commitment per proposal, no payment or release beyond
 * what is outstanding on its commitment, and no commitment beyond what is
 * available — checked by a trigger that takes the forum's row lock first, so
 * two commitments racing for the last money take turns here as well.
 */
export class GrantLedger1764700000000 implements MigrationInterface {
  name = 'GrantLedger1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // What a proposal asks of the grant; frozen with each version, so members vote on it too.
    await q.query(`
      ALTER TABLE proposals ADD COLUMN amount_dkk integer,
        ADD CONSTRAINT proposals_amount_dkk CHECK (amount_dkk IS NULL OR amount_dkk BETWEEN 1 AND 10000000)`);
    await q.query(`
      ALTER TABLE proposal_versions ADD COLUMN amount_dkk integer,
        ADD CONSTRAINT proposal_versions_amount_dkk
          CHECK (amount_dkk IS NULL OR amount_dkk BETWEEN 1 AND 10000000)`);

    await q.query(`
      CREATE TABLE grant_ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL REFERENCES forums(id),
        budget_year integer NOT NULL,
        kind text NOT NULL,
        amount_dkk integer NOT NULL,
        purpose text NOT NULL,
        proposal_id uuid REFERENCES proposals(id),
        vote_id uuid REFERENCES votes(id),
        commitment_id uuid REFERENCES grant_ledger_entries(id),
        request_id uuid,
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        recorded_by_name text,
        occurred_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT grant_ledger_kind CHECK (kind IN ('grant', 'commitment', 'payment', 'release')),
        CONSTRAINT grant_ledger_year CHECK (budget_year BETWEEN 2000 AND 2200),
        CONSTRAINT grant_ledger_amount CHECK (amount_dkk BETWEEN 1 AND 10000000),
        CONSTRAINT grant_ledger_purpose CHECK (length(purpose) BETWEEN 1 AND 500),
        CONSTRAINT grant_ledger_recorded_by_name CHECK (length(recorded_by_name) <= 200),
        CONSTRAINT grant_ledger_commitment_has_proposal
          CHECK (kind <> 'commitment' OR proposal_id IS NOT NULL),
        CONSTRAINT grant_ledger_settles_commitment
          CHECK ((kind IN ('payment', 'release')) = (commitment_id IS NOT NULL)),
        CONSTRAINT grant_ledger_request_unique UNIQUE (request_id)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX grant_ledger_one_grant_a_year ON grant_ledger_entries (forum_id, budget_year)
        WHERE kind = 'grant'`);
    await q.query(`
      CREATE UNIQUE INDEX grant_ledger_one_commitment_a_proposal ON grant_ledger_entries (proposal_id)
        WHERE kind = 'commitment'`);
    await q.query(
      `CREATE INDEX grant_ledger_forum ON grant_ledger_entries (forum_id, budget_year)`,
    );
    await q.query(`CREATE INDEX grant_ledger_commitment ON grant_ledger_entries (commitment_id)`);

    // Append-only; a person deleting their account only loses the link to it (GDPR).
    await q.query(`
      CREATE FUNCTION grant_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND (to_jsonb(NEW) - 'recorded_by') = (to_jsonb(OLD) - 'recorded_by')
           AND NEW.recorded_by IS NULL THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'grant ledger entries are never changed or deleted'
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER grant_ledger_append_only BEFORE UPDATE OR DELETE ON grant_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION grant_ledger_append_only()`);

    await q.query(`
      CREATE FUNCTION grant_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        carry boolean;
        available bigint;
        settled bigint;
        committed integer;
      BEGIN
        -- Every writer of one forum's ledger takes turns on the forum's row.
        SELECT grant_carry_over INTO carry FROM forums WHERE id = NEW.forum_id FOR UPDATE;
        IF NEW.kind = 'commitment' THEN
          SELECT COALESCE(sum(CASE kind WHEN 'grant' THEN amount_dkk WHEN 'release' THEN amount_dkk
                                        WHEN 'commitment' THEN -amount_dkk ELSE 0 END), 0)
            INTO available FROM grant_ledger_entries
           WHERE forum_id = NEW.forum_id
             AND (budget_year = NEW.budget_year OR (carry AND budget_year < NEW.budget_year));
          IF available < NEW.amount_dkk THEN
            RAISE EXCEPTION 'commitment of % kr. exceeds the % kr. available', NEW.amount_dkk, available
              USING ERRCODE = 'check_violation';
          END IF;
        ELSIF NEW.kind IN ('payment', 'release') THEN
          SELECT amount_dkk INTO committed FROM grant_ledger_entries
           WHERE id = NEW.commitment_id AND kind = 'commitment'
             AND forum_id = NEW.forum_id AND budget_year = NEW.budget_year;
          IF committed IS NULL THEN
            RAISE EXCEPTION 'a payment or release settles a commitment of the same forum and year'
              USING ERRCODE = 'check_violation';
          END IF;
          SELECT COALESCE(sum(amount_dkk), 0) INTO settled FROM grant_ledger_entries
           WHERE commitment_id = NEW.commitment_id;
          IF settled + NEW.amount_dkk > committed THEN
            RAISE EXCEPTION 'settling % kr. exceeds what is outstanding', NEW.amount_dkk
              USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER grant_ledger_balanced BEFORE INSERT ON grant_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION grant_ledger_balanced()`);

    await q.query(`
      ALTER TABLE proposal_timeline DROP CONSTRAINT proposal_timeline_kind,
        ADD CONSTRAINT proposal_timeline_kind CHECK (kind IN ${TIMELINE_KINDS})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM proposal_timeline WHERE kind IN ('grantCommitted', 'grantRefused')`);
    await q.query(`
      ALTER TABLE proposal_timeline DROP CONSTRAINT proposal_timeline_kind,
        ADD CONSTRAINT proposal_timeline_kind CHECK (kind IN ${TIMELINE_KINDS_BEFORE})`);
    await q.query(`DROP TABLE grant_ledger_entries`);
    await q.query(`DROP FUNCTION grant_ledger_balanced()`);
    await q.query(`DROP FUNCTION grant_ledger_append_only()`);
    await q.query(`ALTER TABLE proposal_versions DROP COLUMN amount_dkk`);
    await q.query(`ALTER TABLE proposals DROP COLUMN amount_dkk`);
  }
}
