import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/** Admin connection used to create and drop the benchmark's own database. */
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh database `bench_<random>` next to the admin URL's, so the run
 * starts from the server's own migrations and seed and leaves nothing behind.
 * @param {string} adminUrl
 */
export async function createDatabase(adminUrl) {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** Drops it even while the server still holds connections (PostgreSQL 13+). */
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `count` people who are citizen members of the forum `slug`, each with a
 * bearer token. Written straight into the tables (as the server's e2e tests
 * do) rather than through the magic-link flow, whose per-IP rate limit would
 * allow only 30 in 15 minutes. Sessions store sha256(token), like
 * server/src/auth/tokens.ts.
 * @param {string} databaseUrl
 * @param {number} count
 * @param {string} slug
 * @returns {Promise<{ userId: string, token: string }[]>}
 */
export async function createMembers(databaseUrl, count, slug) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tag = randomBytes(4).toString('hex');
    const people = [];
    for (let i = 0; i < count; i++) {
      const token = randomBytes(32).toString('base64url');
      const {
        rows: [user],
      } = await client.query(`INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id`, [
        `bench-${tag}-${i}@example.org`,
        `Bench Editor ${i + 1}`,
      ]);
      await client.query(
        `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
        [createHash('sha256').update(token).digest(), user.id],
      );
      const { rowCount } = await client.query(
        `INSERT INTO memberships (forum_id, user_id, kind)
         SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
        [slug, user.id],
      );
      if (rowCount !== 1) throw new Error(`No forum "${slug}" in the seeded database`);
      people.push({ userId: user.id, token });
    }
    return people;
  } finally {
    await client.end();
  }
}

/**
 * Process ids of the PostgreSQL backends serving `database`: persisting costs
 * CPU there too, and it is the same two cores.
 * @param {string} databaseUrl
 * @param {string} database
 */
export async function backendPids(databaseUrl, database) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows.map((r) => Number(r.pid));
  } finally {
    await client.end();
  }
}

/**
 * How many rows were ever appended to `proposal_updates` (its bigserial has
 * handed out this many ids). Compaction deletes rows, so counting them later
 * would not tell; the difference of two readings does.
 * @param {string} databaseUrl
 */
export async function updatesAppended(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM proposal_updates_id_seq`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * How a proposal's document is stored right now: the snapshot and the log rows.
 * @param {string} databaseUrl
 * @param {string} proposalId
 */
export async function storedDocument(databaseUrl, proposalId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [snapshot],
    } = await client.query(
      `SELECT octet_length(state) AS bytes FROM proposal_snapshots WHERE proposal_id = $1`,
      [proposalId],
    );
    const {
      rows: [log],
    } = await client.query(
      `SELECT count(*)::int AS rows, coalesce(sum(octet_length(update)), 0)::int AS bytes
         FROM proposal_updates WHERE proposal_id = $1`,
      [proposalId],
    );
    return { snapshotBytes: Number(snapshot?.bytes ?? 0), logRows: log.rows, logBytes: log.bytes };
  } finally {
    await client.end();
  }
}
