import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply', 'postHidden',
  'reportCreated', 'escalationReceived', 'escalationDueSoon', 'requestReceived', 'requestUpdated')`;
const OLD_KINDS = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply', 'postHidden',
  'reportCreated', 'escalationReceived', 'escalationDueSoon')`;

/**
 * Ways in (issue 10): what staff publish about reaching them, partner
 * profiles, and requests — private threads between a person (and whoever
 * they invite) and a fælles-skaber, the process consultant, a partner's
 * contact or a forum's contact person.
 */
export class RequestsAndPartners1764650000000 implements MigrationInterface {
  name = 'RequestsAndPartners1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staff
        ADD COLUMN public_phone text,
        ADD COLUMN public_email text,
        ADD COLUMN help_with text,
        ADD CONSTRAINT staff_public_phone CHECK (public_phone ~ '^\\+?[0-9][0-9 ]{0,29}$'),
        ADD CONSTRAINT staff_public_email CHECK (
          public_email = lower(public_email) AND public_email LIKE '%_@_%'
          AND length(public_email) <= 254),
        ADD CONSTRAINT staff_help_with CHECK (length(help_with) BETWEEN 1 AND 1000)`);

    // A partner is listed by the member who represents it, and only while they are a member.
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        description text,
        listed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (forum_id, contact_id) REFERENCES memberships (forum_id, user_id)
          ON DELETE CASCADE,
        CONSTRAINT partners_one_per_member UNIQUE (forum_id, contact_id),
        CONSTRAINT partners_kind CHECK (kind IN ('association', 'organisation', 'business',
          'userCouncil', 'townGuild', 'institutionLeader')),
        CONSTRAINT partners_name CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        CONSTRAINT partners_topics CHECK (cardinality(topics) <= 8),
        CONSTRAINT partners_description CHECK (length(description) BETWEEN 1 AND 1000)
      )`);
    // One listing per organisation and forum, whoever of its members lists it.
    await q.query(`CREATE UNIQUE INDEX partners_name_unique ON partners (forum_id, lower(name))`);

    await q.query(`
      CREATE TABLE requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        requester_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        recipient_kind text NOT NULL,
        forum_id uuid REFERENCES forums(id) ON DELETE SET NULL,
        partner_id uuid REFERENCES partners(id) ON DELETE SET NULL,
        assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'new',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        answer_due_at timestamptz NOT NULL,
        first_answered_at timestamptz,
        CONSTRAINT requests_subject CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
        CONSTRAINT requests_recipient_kind CHECK (recipient_kind IN ('staff', 'partner', 'contactPerson')),
        CONSTRAINT requests_status CHECK (status IN ('new', 'in_dialogue', 'passed_on', 'done')),
        CONSTRAINT requests_passed_on_staff CHECK (status <> 'passed_on' OR recipient_kind = 'staff')
      )`);
    await q.query(`CREATE INDEX requests_assignee ON requests (assignee_id)`);
    await q.query(`CREATE INDEX requests_requester ON requests (requester_id)`);
    await q.query(`CREATE INDEX requests_forum ON requests (forum_id)`);
    // Invited by e-mail: whoever signs in with that address is in the thread.
    await q.query(`
      CREATE TABLE request_participants (
        request_id uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        email text NOT NULL,
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, email),
        CONSTRAINT request_participants_email CHECK (email = lower(email) AND email LIKE '%_@_%')
      )`);
    await q.query(`CREATE INDEX request_participants_email ON request_participants (email)`);
    // The thread: append-only, names and roles kept as they were (no FK on the author, so a
    // person leaving the service does not rewrite history).
    await q.query(`
      CREATE TABLE request_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        kind text NOT NULL,
        author_id uuid,
        author_name text,
        author_role text NOT NULL,
        text text,
        status text,
        from_name text,
        to_name text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT request_entries_kind CHECK (kind IN ('opened', 'message', 'status', 'handedOver', 'invited')),
        CONSTRAINT request_entries_role CHECK (author_role IN ('requester', 'participant', 'recipient',
          'coCreator', 'processConsultant')),
        CONSTRAINT request_entries_text CHECK (length(text) <= 5000),
        CONSTRAINT request_entries_message_text CHECK (kind NOT IN ('opened', 'message') OR text IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX request_entries_request ON request_entries (request_id, created_at)`,
    );
    await q.query(`
      CREATE TRIGGER request_entries_append_only BEFORE UPDATE ON request_entries
        FOR EACH ROW EXECUTE FUNCTION append_only()`);

    for (const [table, constraint] of [
      ['notifications', 'notifications_kind'],
      ['notification_preferences', 'notification_preferences_kind'],
    ]) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint},
        ADD CONSTRAINT ${constraint} CHECK (kind IN ${KINDS})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind IN ('requestReceived', 'requestUpdated')`);
    await q.query(
      `DELETE FROM notification_preferences WHERE kind IN ('requestReceived', 'requestUpdated')`,
    );
    for (const [table, constraint] of [
      ['notifications', 'notifications_kind'],
      ['notification_preferences', 'notification_preferences_kind'],
    ]) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint},
        ADD CONSTRAINT ${constraint} CHECK (kind IN ${OLD_KINDS})`);
    }
    await q.query(`DROP TABLE request_entries`);
    await q.query(`DROP TABLE request_participants`);
    await q.query(`DROP TABLE requests`);
    await q.query(`DROP TABLE partners`);
    await q.query(`ALTER TABLE staff DROP COLUMN public_phone, DROP COLUMN public_email,
      DROP COLUMN help_with`);
  }
}
