import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open debates with one level of replies and edit history, reports, the public
 * moderation log, personal notifications, and the numbered event log of every
 * forum room (what a reconnecting client catches up from).
 */
export class Debates1764200000000 implements MigrationInterface {
  name = 'Debates1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Events are numbered per forum by the database itself: the head row is locked by
    // each insert until its transaction ends, so numbers are gapless and follow commit
    // order — a client that has seen N has seen everything up to N.
    await q.query(`
      CREATE TABLE forum_event_heads (
        forum_id uuid PRIMARY KEY REFERENCES forums(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL,
        CONSTRAINT forum_event_heads_positive CHECK (last_seq > 0)
      )`);
    await q.query(`
      CREATE TABLE forum_events (
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        type text NOT NULL,
        subject_id uuid,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (forum_id, seq)
      )`);
    await q.query(
      `CREATE INDEX forum_events_subject ON forum_events (subject_id) WHERE subject_id IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION forum_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO forum_event_heads AS h (forum_id, last_seq) VALUES (NEW.forum_id, 1)
          ON CONFLICT (forum_id) DO UPDATE SET last_seq = h.last_seq + 1
          RETURNING last_seq INTO NEW.seq;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER forum_events_number BEFORE INSERT ON forum_events
        FOR EACH ROW EXECUTE FUNCTION forum_events_number()`);

    // A debate may point at a proposal of its own forum only.
    await q.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_id_forum_unique UNIQUE (id, forum_id)`,
    );
    await q.query(`
      CREATE TABLE debates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        author_staff text,
        proposal_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        hidden_at timestamptz,
        hidden_reason text,
        hidden_by uuid REFERENCES users(id) ON DELETE SET NULL,
        locked_at timestamptz,
        locked_reason text,
        locked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        comment_count integer NOT NULL DEFAULT 0,
        CONSTRAINT debates_id_forum_unique UNIQUE (id, forum_id),
        CONSTRAINT debates_proposal FOREIGN KEY (proposal_id, forum_id)
          REFERENCES proposals (id, forum_id) ON DELETE SET NULL (proposal_id),
        CONSTRAINT debates_author_staff CHECK (author_staff IN ('coCreator', 'processConsultant')),
        CONSTRAINT debates_text CHECK (deleted_at IS NOT NULL OR (
          length(btrim(title)) BETWEEN 1 AND 200 AND length(btrim(body)) BETWEEN 1 AND 5000)),
        CONSTRAINT debates_hidden CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
        CONSTRAINT debates_comment_count CHECK (comment_count >= 0)
      )`);
    await q.query(`
      CREATE INDEX debates_forum_activity ON debates (forum_id, last_activity_at DESC, id DESC)
        WHERE deleted_at IS NULL`);
    await q.query(
      `CREATE INDEX debates_proposal ON debates (proposal_id) WHERE proposal_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX debates_author ON debates (author_id)`);

    // Replies nest one level, in the database too: a reply (depth 1) points at a comment of
    // the same debate whose depth is 0 — parent_depth is always 0 and is part of the key.
    await q.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        debate_id uuid NOT NULL REFERENCES debates(id) ON DELETE CASCADE,
        parent_id uuid,
        depth smallint NOT NULL DEFAULT 0,
        parent_depth smallint NOT NULL DEFAULT 0,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        author_staff text,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        hidden_at timestamptz,
        hidden_reason text,
        hidden_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT comments_id_debate_unique UNIQUE (id, debate_id),
        CONSTRAINT comments_id_debate_depth_unique UNIQUE (id, debate_id, depth),
        CONSTRAINT comments_parent FOREIGN KEY (parent_id, debate_id, parent_depth)
          REFERENCES comments (id, debate_id, depth) ON DELETE CASCADE,
        CONSTRAINT comments_depth CHECK (
          (parent_id IS NULL AND depth = 0) OR (parent_id IS NOT NULL AND depth = 1)),
        CONSTRAINT comments_parent_depth CHECK (parent_depth = 0),
        CONSTRAINT comments_author_staff CHECK (author_staff IN ('coCreator', 'processConsultant')),
        CONSTRAINT comments_text CHECK (deleted_at IS NOT NULL OR length(btrim(body)) BETWEEN 1 AND 5000),
        CONSTRAINT comments_hidden CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX comments_debate ON comments (debate_id, created_at, id)`);
    await q.query(`CREATE INDEX comments_author ON comments (author_id)`);

    // Earlier texts of edited posts; the current text is the post itself.
    await q.query(`
      CREATE TABLE debate_revisions (
        debate_id uuid NOT NULL REFERENCES debates(id) ON DELETE CASCADE,
        number integer NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        written_at timestamptz NOT NULL,
        PRIMARY KEY (debate_id, number),
        CONSTRAINT debate_revisions_number_positive CHECK (number > 0)
      )`);
    await q.query(`
      CREATE TABLE comment_revisions (
        comment_id uuid NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        number integer NOT NULL,
        body text NOT NULL,
        written_at timestamptz NOT NULL,
        PRIMARY KEY (comment_id, number),
        CONSTRAINT comment_revisions_number_positive CHECK (number > 0)
      )`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL,
        debate_id uuid NOT NULL,
        comment_id uuid,
        reporter_id uuid REFERENCES users(id) ON DELETE SET NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolution text,
        CONSTRAINT reports_debate FOREIGN KEY (debate_id, forum_id)
          REFERENCES debates (id, forum_id) ON DELETE CASCADE,
        CONSTRAINT reports_comment FOREIGN KEY (comment_id, debate_id)
          REFERENCES comments (id, debate_id) ON DELETE CASCADE,
        CONSTRAINT reports_reason CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
        CONSTRAINT reports_resolution CHECK (
          (resolved_at IS NULL AND resolution IS NULL)
          OR (resolved_at IS NOT NULL AND resolution IN ('hidden', 'dismissed')))
      )`);
    // One open report per person and post.
    await q.query(`
      CREATE UNIQUE INDEX reports_open_once
        ON reports (reporter_id, debate_id, (COALESCE(comment_id, debate_id)))
        WHERE resolved_at IS NULL`);
    await q.query(
      `CREATE INDEX reports_open ON reports (forum_id, created_at) WHERE resolved_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE moderation_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL,
        debate_id uuid NOT NULL,
        comment_id uuid,
        action text NOT NULL,
        reason text,
        moderator_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT moderation_actions_debate FOREIGN KEY (debate_id, forum_id)
          REFERENCES debates (id, forum_id) ON DELETE CASCADE,
        CONSTRAINT moderation_actions_comment FOREIGN KEY (comment_id, debate_id)
          REFERENCES comments (id, debate_id) ON DELETE CASCADE,
        CONSTRAINT moderation_actions_action CHECK (action IN ('hide', 'lock', 'unlock')),
        CONSTRAINT moderation_actions_comment_hide CHECK (comment_id IS NULL OR action = 'hide')
      )`);
    await q.query(
      `CREATE INDEX moderation_actions_forum ON moderation_actions (forum_id, created_at DESC)`,
    );
    // The log is public and append-only; only a deleted forum or debate takes entries along.
    await q.query(`
      CREATE FUNCTION moderation_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the moderation log is append-only' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER moderation_actions_append_only BEFORE UPDATE ON moderation_actions
        FOR EACH ROW EXECUTE FUNCTION moderation_actions_append_only()`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        debate_id uuid NOT NULL REFERENCES debates(id) ON DELETE CASCADE,
        comment_id uuid REFERENCES comments(id) ON DELETE CASCADE,
        text text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notifications_kind CHECK (kind IN ('postHidden'))
      )`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'moderation_actions',
      'reports',
      'comment_revisions',
      'debate_revisions',
      'comments',
      'debates',
      'forum_events',
      'forum_event_heads',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION moderation_actions_append_only`);
    await q.query(`DROP FUNCTION forum_events_number`);
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT proposals_id_forum_unique`);
  }
}
