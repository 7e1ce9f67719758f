import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Proposals, their live Yjs documents (update log + snapshot) and frozen versions. */
export class Proposals1764100000000 implements MigrationInterface {
  name = 'Proposals1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // title, summary, text and body_json are derived from the Yjs document by the store
    // hook, so the API, search and e-mails can read the content without Yjs.
    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft',
        text text NOT NULL DEFAULT '',
        body_json jsonb NOT NULL DEFAULT '{"type": "doc", "content": []}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposals_status CHECK (status IN ('draft'))
      )`);
    await q.query(`CREATE INDEX proposals_forum ON proposals (forum_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE proposal_authors (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        first_edit_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, user_id)
      )`);
    await q.query(`CREATE INDEX proposal_authors_user ON proposal_authors (user_id)`);
    // Append-only log of accepted Yjs updates; compaction folds a prefix into the snapshot.
    await q.query(`
      CREATE TABLE proposal_updates (
        id bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX proposal_updates_proposal ON proposal_updates (proposal_id, id)`);
    await q.query(`
      CREATE TABLE proposal_snapshots (
        proposal_id uuid PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
        state bytea NOT NULL,
        last_update_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The hash is checked by the database too: a version's text can never disagree with it.
    await q.query(`
      CREATE TABLE proposal_versions (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        number integer NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        text_sha256 text NOT NULL,
        body_json jsonb NOT NULL,
        snapshot bytea NOT NULL,
        frozen_by uuid REFERENCES users(id) ON DELETE SET NULL,
        frozen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposal_versions_number_unique PRIMARY KEY (proposal_id, number),
        CONSTRAINT proposal_versions_number_positive CHECK (number > 0),
        CONSTRAINT proposal_versions_text_sha256
          CHECK (text_sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex'))
      )`);
    // Ballots will point at versions: once frozen, a version never changes.
    await q.query(`
      CREATE FUNCTION proposal_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'proposal versions are frozen' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER proposal_versions_frozen BEFORE UPDATE ON proposal_versions
        FOR EACH ROW EXECUTE FUNCTION proposal_versions_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE proposal_versions`);
    await q.query(`DROP FUNCTION proposal_versions_frozen`);
    for (const table of [
      'proposal_snapshots',
      'proposal_updates',
      'proposal_authors',
      'proposals',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
