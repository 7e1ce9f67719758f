import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Areas and their lokalfora, people, staff, memberships, sign-in. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        is_administrator boolean NOT NULL DEFAULT false,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email),
        CONSTRAINT users_email_lowercase CHECK (email = lower(email) AND email LIKE '%_@_%'),
        CONSTRAINT users_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 100)
      )`);
    await q.query(`
      CREATE TABLE staff (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        field text NOT NULL,
        CONSTRAINT staff_kind CHECK (kind IN ('coCreator', 'processConsultant'))
      )`);
    await q.query(`
      CREATE TABLE areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        places text[] NOT NULL DEFAULT '{}',
        population integer,
        position integer NOT NULL,
        co_creator_id uuid REFERENCES staff(user_id) ON DELETE SET NULL,
        CONSTRAINT areas_slug_unique UNIQUE (slug),
        CONSTRAINT areas_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT areas_population CHECK (population IS NULL OR population >= 0)
      )`);
    await q.query(`
      CREATE TABLE forums (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        area_id uuid NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
        name text NOT NULL,
        grant_base_dkk integer NOT NULL,
        grant_per_inhabitant_dkk numeric(10, 2) NOT NULL,
        grant_carry_over boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT forums_one_per_area UNIQUE (area_id),
        CONSTRAINT forums_grant_nonnegative CHECK (grant_base_dkk >= 0 AND grant_per_inhabitant_dkk >= 0)
      )`);
    await q.query(`
      CREATE TABLE memberships (
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        represents text,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (forum_id, user_id),
        CONSTRAINT memberships_kind CHECK (kind IN ('citizen', 'association', 'organisation',
          'business', 'userCouncil', 'townGuild', 'institutionLeader')),
        CONSTRAINT memberships_represents CHECK (
          (kind = 'citizen' AND represents IS NULL)
          OR (kind <> 'citizen' AND represents IS NOT NULL
              AND length(btrim(represents)) BETWEEN 1 AND 120))
      )`);
    await q.query(`CREATE INDEX memberships_user ON memberships (user_id)`);
    // A contact person is always a member: leaving the forum ends the role.
    await q.query(`
      CREATE TABLE contact_persons (
        forum_id uuid NOT NULL,
        user_id uuid NOT NULL,
        since timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (forum_id, user_id),
        FOREIGN KEY (forum_id, user_id) REFERENCES memberships (forum_id, user_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX contact_persons_user ON contact_persons (user_id)`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT sessions_token_unique UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX sessions_user ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE magic_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL,
        email text NOT NULL,
        name text,
        return_to text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT magic_links_token_unique UNIQUE (token_hash)
      )`);
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        transport text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mail_outbox_transport CHECK (transport IN ('smtp', 'log'))
      )`);
    await q.query(`CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mail_outbox',
      'magic_links',
      'sessions',
      'contact_persons',
      'memberships',
      'forums',
      'areas',
      'staff',
      'users',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
