import type { MigrationInterface, QueryRunner } from 'typeorm';

const NOTIFICATION_KINDS_BEFORE = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply',
  'postHidden', 'reportCreated', 'escalationReceived', 'escalationDueSoon', 'requestReceived',
  'requestUpdated')`;
const TIMELINE_KINDS_BEFORE = `('statusChanged', 'voteOpened', 'voteClosed', 'escalated',
  'answered', 'handedOver', 'grantCommitted', 'grantRefused')`;

/**
 * Municipal pools (kommunale puljer) and applications to them from adopted
 * proposals. The database keeps the invariants too: one live application per
 * pool and proposal (a declined one may be followed by a new one), a grant no
 * larger than what was asked for, every amount within bounds, and the facts
 * of each step present exactly when its status has been reached. Each step's
 * history is on the proposal's timeline (`poolApplication` entries).
 */
export class Pools1764800000000 implements MigrationInterface {
  name = 'Pools1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        min_per_application_dkk integer,
        max_per_application_dkk integer,
        annual_dkk integer,
        deadline text,
        excluded_areas text[] NOT NULL DEFAULT '{}',
        requirements text[] NOT NULL DEFAULT '{}',
        volunteer_hour_rate_dkk integer NOT NULL DEFAULT 0,
        opened_year integer,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pools_slug_unique UNIQUE (slug),
        CONSTRAINT pools_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT pools_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        CONSTRAINT pools_amounts CHECK (
          (min_per_application_dkk IS NULL OR min_per_application_dkk BETWEEN 0 AND 10000000)
          AND (max_per_application_dkk IS NULL OR max_per_application_dkk BETWEEN 0 AND 10000000)
          AND (annual_dkk IS NULL OR annual_dkk BETWEEN 0 AND 10000000)
          AND volunteer_hour_rate_dkk BETWEEN 0 AND 10000000),
        CONSTRAINT pools_limits_in_order CHECK (
          min_per_application_dkk IS NULL OR max_per_application_dkk IS NULL
          OR min_per_application_dkk <= max_per_application_dkk),
        CONSTRAINT pools_deadline CHECK (
          deadline IS NULL OR deadline ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
        CONSTRAINT pools_requirements CHECK (
          requirements <@ ARRAY['coCreatorDialogue', 'buildingOwner']::text[])
      )`);

    await q.query(`
      CREATE TABLE pool_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE RESTRICT,
        proposal_id uuid NOT NULL,
        forum_id uuid NOT NULL,
        applicant_id uuid REFERENCES users(id) ON DELETE SET NULL,
        version_number integer NOT NULL,
        version_sha256 text NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        own_funding_dkk integer NOT NULL,
        volunteer_hours integer NOT NULL,
        volunteer_hour_rate_dkk integer NOT NULL,
        total_dkk integer NOT NULL,
        requested_dkk integer NOT NULL,
        declarations text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'received',
        granted_dkk integer,
        grant_note text,
        decline_reason text,
        report_text text,
        received_at timestamptz NOT NULL DEFAULT now(),
        reviewed_at timestamptz,
        decided_at timestamptz,
        paid_at timestamptz,
        reported_at timestamptz,
        CONSTRAINT pool_applications_proposal FOREIGN KEY (proposal_id, forum_id)
          REFERENCES proposals (id, forum_id) ON DELETE CASCADE,
        CONSTRAINT pool_applications_version FOREIGN KEY (proposal_id, version_number)
          REFERENCES proposal_versions (proposal_id, number) ON DELETE CASCADE,
        CONSTRAINT pool_applications_status CHECK (status IN
          ('received', 'under_review', 'granted', 'declined', 'paid', 'reported')),
        CONSTRAINT pool_applications_amounts CHECK (
          own_funding_dkk BETWEEN 0 AND 10000000 AND volunteer_hours BETWEEN 0 AND 100000
          AND total_dkk BETWEEN 0 AND 200000000 AND requested_dkk BETWEEN 1 AND 10000000
          AND requested_dkk = total_dkk - own_funding_dkk - volunteer_hours::bigint * volunteer_hour_rate_dkk),
        CONSTRAINT pool_applications_granted CHECK (
          granted_dkk IS NULL OR granted_dkk BETWEEN 1 AND requested_dkk),
        CONSTRAINT pool_applications_steps CHECK (
          (status = 'received') = (reviewed_at IS NULL)
          AND (status IN ('granted', 'declined', 'paid', 'reported')) = (decided_at IS NOT NULL)
          AND (status IN ('granted', 'paid', 'reported')) = (granted_dkk IS NOT NULL)
          AND (status = 'declined') = (decline_reason IS NOT NULL)
          AND (status IN ('paid', 'reported')) = (paid_at IS NOT NULL)
          AND (status = 'reported') = (reported_at IS NOT NULL AND report_text IS NOT NULL)),
        CONSTRAINT pool_applications_text CHECK (
          length(title) BETWEEN 1 AND 200 AND length(text) BETWEEN 1 AND 10000)
      )`);
    // One live application per pool and proposal: a double submission fails here too.
    await q.query(`
      CREATE UNIQUE INDEX pool_applications_one_live ON pool_applications (pool_id, proposal_id)
        WHERE status <> 'declined'`);
    await q.query(
      `CREATE INDEX pool_applications_proposal ON pool_applications (proposal_id, received_at)`,
    );
    await q.query(
      `CREATE INDEX pool_applications_pool ON pool_applications (pool_id, received_at DESC)`,
    );
    // What an application is about never changes after it is received.
    await q.query(`
      CREATE FUNCTION pool_applications_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.pool_id <> OLD.pool_id OR NEW.proposal_id <> OLD.proposal_id
           OR NEW.version_number <> OLD.version_number OR NEW.title <> OLD.title
           OR NEW.text <> OLD.text OR NEW.requested_dkk <> OLD.requested_dkk
           OR NEW.total_dkk <> OLD.total_dkk OR NEW.received_at <> OLD.received_at THEN
          RAISE EXCEPTION 'a received application is not changed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER pool_applications_sealed BEFORE UPDATE ON pool_applications
        FOR EACH ROW EXECUTE FUNCTION pool_applications_sealed()`);

    await q.query(`
      CREATE TABLE pool_application_lines (
        application_id uuid NOT NULL REFERENCES pool_applications(id) ON DELETE CASCADE,
        position integer NOT NULL,
        description text NOT NULL,
        amount_dkk integer NOT NULL,
        PRIMARY KEY (application_id, position),
        CONSTRAINT pool_application_lines_position CHECK (position BETWEEN 0 AND 19),
        CONSTRAINT pool_application_lines_amount CHECK (amount_dkk BETWEEN 0 AND 10000000),
        CONSTRAINT pool_application_lines_description CHECK (length(description) BETWEEN 1 AND 200)
      )`);
    await q.query(`
      CREATE TRIGGER pool_application_lines_append_only BEFORE UPDATE ON pool_application_lines
        FOR EACH ROW EXECUTE FUNCTION append_only()`);

    await q.query(`
      ALTER TABLE proposal_timeline DROP CONSTRAINT proposal_timeline_kind,
        ADD CONSTRAINT proposal_timeline_kind CHECK (kind IN ('statusChanged', 'voteOpened',
          'voteClosed', 'escalated', 'answered', 'handedOver', 'grantCommitted', 'grantRefused',
          'poolApplication'))`);
    await q.query(`
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind,
        ADD CONSTRAINT notifications_kind CHECK (kind IN ('voteOpened', 'voteClosed',
          'escalationAnswered', 'reply', 'postHidden', 'reportCreated', 'escalationReceived',
          'escalationDueSoon', 'requestReceived', 'requestUpdated', 'poolApplication'))`);
    await q.query(`
      ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind,
        ADD CONSTRAINT notification_preferences_kind CHECK (kind IN ('voteOpened', 'voteClosed',
          'escalationAnswered', 'reply', 'postHidden', 'reportCreated', 'escalationReceived',
          'escalationDueSoon', 'requestReceived', 'requestUpdated', 'poolApplication'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'poolApplication'`);
    await q.query(`DELETE FROM notification_preferences WHERE kind = 'poolApplication'`);
    await q.query(`
      ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind,
        ADD CONSTRAINT notification_preferences_kind CHECK (kind IN ${NOTIFICATION_KINDS_BEFORE})`);
    await q.query(`
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind,
        ADD CONSTRAINT notifications_kind CHECK (kind IN ${NOTIFICATION_KINDS_BEFORE})`);
    // The timeline is append-only against updates, not deletes: the pool entries go with the tables.
    await q.query(`DELETE FROM proposal_timeline WHERE kind = 'poolApplication'`);
    await q.query(`
      ALTER TABLE proposal_timeline DROP CONSTRAINT proposal_timeline_kind,
        ADD CONSTRAINT proposal_timeline_kind CHECK (kind IN ${TIMELINE_KINDS_BEFORE})`);
    await q.query(`DROP TABLE pool_application_lines`);
    await q.query(`DROP TABLE pool_applications`);
    await q.query(`DROP FUNCTION pool_applications_sealed`);
    await q.query(`DROP TABLE pools`);
  }
}
