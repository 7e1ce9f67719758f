import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { migrations } from '../src/database/migrations';
import { Notifications1764500000000 } from '../src/database/migrations/1764500000000-Notifications';
import { createTestDatabase, testAdminUrl } from './support/test-database';

/** The migrations before this one, as a database that had them would be. */
const before = migrations.filter(
  (m) => m !== Notifications1764500000000 && timestamp(m) < 1764500000000,
);

function timestamp(migration: { name: string }): number {
  return Number(/(\d{13})$/.exec(migration.name)?.[1] ?? 0);
}

/** Notifications stored as Danish sentences (issue 7) become a kind plus data (issue 9). */
describe('the notifications migration', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(testAdminUrl(), 'lf_migration');
    db = await new DataSource({
      ...dataSourceOptions(database.url),
      migrations: before,
      logging: false,
    }).initialize();
    await db.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('keeps what an existing postHidden said as data, never mailing it afterwards', async () => {
    const [ids] = await db.query<
      [{ user_id: string; forum_id: string; debate_id: string; comment_id: string }]
    >(`
      WITH u AS (INSERT INTO users (email, name) VALUES ('a@example.org', 'Alma') RETURNING id),
           a AS (INSERT INTO areas (slug, name, position) VALUES ('tuse', 'Tuse', 1) RETURNING id),
           f AS (INSERT INTO forums (area_id, name, grant_base_dkk, grant_per_inhabitant_dkk)
                 SELECT id, 'Tuse Lokalforum', 0, 0 FROM a RETURNING id),
           d AS (INSERT INTO debates (forum_id, author_id, title, body)
                 SELECT f.id, u.id, 'Stien', 'Tekst' FROM f, u RETURNING id, forum_id),
           c AS (INSERT INTO comments (debate_id, author_id, body)
                 SELECT d.id, u.id, 'Hm' FROM d, u RETURNING id)
      SELECT u.id AS user_id, d.forum_id, d.id AS debate_id, c.id AS comment_id FROM u, d, c`);
    await db.query(
      `INSERT INTO notifications (user_id, kind, forum_id, debate_id, comment_id, text, reason)
       VALUES ($1, 'postHidden', $2, $3, $4, 'Din kommentar i debatten “Stien” er skjult af en moderator.', 'Grimt'),
              ($1, 'postHidden', $2, $3, NULL, 'Din debat “Stien” er skjult af en moderator.', NULL)`,
      [ids.user_id, ids.forum_id, ids.debate_id, ids.comment_id],
    );

    const all = await new DataSource({
      ...dataSourceOptions(database.url),
      logging: false,
    }).initialize();
    try {
      await all.runMigrations({ transaction: 'each' });
      const rows = await all.query<
        { kind: string; data: object; delivery: string; mailed_at: Date | null; seq: string }[]
      >(`SELECT kind, data, delivery, mailed_at, seq FROM notifications ORDER BY seq`);
      expect(rows.map((r) => [r.kind, r.data, r.delivery, r.mailed_at !== null])).toEqual([
        [
          'postHidden',
          {
            forumSlug: 'tuse',
            forumName: 'Tuse Lokalforum',
            debateId: ids.debate_id,
            debateTitle: 'Stien',
            post: { kind: 'comment', id: ids.comment_id },
            reason: 'Grimt',
          },
          'immediate',
          true,
        ],
        [
          'postHidden',
          {
            forumSlug: 'tuse',
            forumName: 'Tuse Lokalforum',
            debateId: ids.debate_id,
            debateTitle: 'Stien',
            post: { kind: 'debate', id: ids.debate_id },
            reason: null,
          },
          'immediate',
          true,
        ],
      ]);
      const [user] = await all.query<[{ language: string }]>(
        `SELECT language FROM users WHERE id = $1`,
        [ids.user_id],
      );
      expect(user.language).toBe('da');
    } finally {
      await all.destroy();
    }
  });
});
