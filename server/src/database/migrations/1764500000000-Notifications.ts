import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply', 'postHidden',
  'reportCreated', 'escalationReceived', 'escalationDueSoon')`;

/**
 * Notifications that reach people (issue 9): a notification is a kind plus
 * data (rendered in the reader's language, never a stored sentence), listed
 * by a gapless-enough `seq` for cursor pages, mailed at once or in the daily
 * digest according to the person's choice per kind. A unique key per person
 * keeps a reminder (an escalation due soon) from being sent twice.
 */
export class Notifications1764500000000 implements MigrationInterface {
  name = 'Notifications1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Mail goes out in the person's language; the web app keeps it in step with /sprog.
    await q.query(`
      ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'da',
        ADD CONSTRAINT users_language CHECK (language IN ('da', 'en'))`);

    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN seq bigserial,
        ADD COLUMN data jsonb,
        ADD COLUMN delivery text NOT NULL DEFAULT 'immediate',
        ADD COLUMN dedupe_key text,
        ADD COLUMN mailed_at timestamptz,
        ADD COLUMN digested_at timestamptz,
        ALTER COLUMN forum_id DROP NOT NULL`);
    // The stored Danish sentences become data; the title is not repeated for a hidden thread.
    await q.query(`
      UPDATE notifications n SET data = jsonb_build_object(
          'forumSlug', a.slug, 'forumName', f.name, 'debateId', n.debate_id,
          'debateTitle', CASE WHEN d.hidden_at IS NULL AND d.deleted_at IS NULL THEN d.title END,
          'post', CASE WHEN n.comment_id IS NULL
                       THEN jsonb_build_object('kind', 'debate', 'id', n.debate_id)
                       ELSE jsonb_build_object('kind', 'comment', 'id', n.comment_id) END,
          'reason', n.reason),
        -- What was there before was shown in the app only: never mail it now.
        mailed_at = n.created_at
        FROM forums f, areas a, debates d
       WHERE f.id = n.forum_id AND a.id = f.area_id AND d.id = n.debate_id`);
    await q.query(`
      ALTER TABLE notifications
        ALTER COLUMN data SET NOT NULL,
        ALTER COLUMN delivery DROP DEFAULT,
        DROP CONSTRAINT notifications_kind,
        DROP COLUMN text,
        DROP COLUMN reason,
        DROP COLUMN debate_id,
        DROP COLUMN comment_id,
        ADD CONSTRAINT notifications_seq_unique UNIQUE (seq),
        ADD CONSTRAINT notifications_kind CHECK (kind IN ${KINDS}),
        ADD CONSTRAINT notifications_data CHECK (jsonb_typeof(data) = 'object'),
        ADD CONSTRAINT notifications_delivery CHECK (delivery IN ('immediate', 'digest')),
        ADD CONSTRAINT notifications_dedupe_key CHECK (dedupe_key IS NULL OR length(dedupe_key) <= 200)`);
    await q.query(`DROP INDEX notifications_user`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, seq DESC)`);
    await q.query(`
      CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE INDEX notifications_undigested ON notifications (user_id, seq)
        WHERE delivery = 'digest' AND digested_at IS NULL`);
    await q.query(`
      CREATE UNIQUE INDEX notifications_once ON notifications (user_id, dedupe_key)
        WHERE dedupe_key IS NOT NULL`);

    // A person's choice per kind; a kind without a row has its default (packages/protocol).
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        mode text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind),
        CONSTRAINT notification_preferences_kind CHECK (kind IN ${KINDS}),
        CONSTRAINT notification_preferences_mode CHECK (mode IN ('immediate', 'digest', 'off'))
      )`);

    // When each person's last digest went out: the next one covers what came after.
    await q.query(`
      CREATE TABLE notification_digests (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        last_sent_at timestamptz NOT NULL
      )`);

    // Keys the server signs links with (unsubscribe), shared by every node through the database.
    await q.query(`
      CREATE TABLE server_secrets (
        name text PRIMARY KEY,
        secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT server_secrets_length CHECK (length(secret) >= 32)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE server_secrets`);
    await q.query(`DROP TABLE notification_digests`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DELETE FROM notifications WHERE kind <> 'postHidden'`);
    await q.query(`DROP INDEX notifications_once`);
    await q.query(`DROP INDEX notifications_undigested`);
    await q.query(`DROP INDEX notifications_unread`);
    await q.query(`DROP INDEX notifications_user`);
    await q.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT notifications_kind,
        ADD COLUMN text text,
        ADD COLUMN reason text,
        ADD COLUMN debate_id uuid REFERENCES debates(id) ON DELETE CASCADE,
        ADD COLUMN comment_id uuid REFERENCES comments(id) ON DELETE CASCADE`);
    await q.query(`
      UPDATE notifications SET debate_id = (data->>'debateId')::uuid,
        comment_id = CASE WHEN data->'post'->>'kind' = 'comment' THEN (data->'post'->>'id')::uuid END,
        reason = data->>'reason',
        text = 'Dit indlæg er skjult af en moderator.'`);
    await q.query(`DELETE FROM notifications WHERE forum_id IS NULL OR debate_id IS NULL`);
    await q.query(`
      ALTER TABLE notifications
        ALTER COLUMN text SET NOT NULL,
        ALTER COLUMN debate_id SET NOT NULL,
        ALTER COLUMN forum_id SET NOT NULL,
        DROP COLUMN seq, DROP COLUMN data, DROP COLUMN delivery, DROP COLUMN dedupe_key,
        DROP COLUMN mailed_at, DROP COLUMN digested_at,
        ADD CONSTRAINT notifications_kind CHECK (kind IN ('postHidden'))`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_language, DROP COLUMN language`);
  }
}
