import type { EntityManager } from 'typeorm';
import { demoPeople } from './demo-people';

/**
 * Adds the fictional demo people, staff, memberships and contact persons, once:
 * after that the demo people are ordinary data (a demo person who left a forum
 * stays out of it after a restart).
 */
export async function seedDemo(db: EntityManager): Promise<void> {
  const seeded: unknown[] = await db.query(`SELECT 1 FROM users WHERE is_demo LIMIT 1`);
  if (seeded.length > 0) return;
  for (const person of demoPeople) {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO users (email, name, is_administrator, is_demo) VALUES ($1, $2, $3, true)
       ON CONFLICT (email) DO UPDATE SET is_demo = true
       RETURNING id`,
      [person.email, person.name, person.administrator ?? false],
    );
    const userId = rows[0]!.id;
    if (person.staff) {
      await db.query(
        `INSERT INTO staff (user_id, kind, field) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`,
        [userId, person.staff.kind, person.staff.field],
      );
      await db.query(
        `UPDATE areas SET co_creator_id = $1 WHERE slug = ANY($2) AND co_creator_id IS NULL`,
        [userId, person.staff.areas],
      );
      const published = person.staff.published;
      if (published) {
        await db.query(
          `UPDATE staff SET public_phone = $2, public_email = $3, help_with = $4 WHERE user_id = $1`,
          [userId, published.phone, published.email, published.helpWith],
        );
      }
    }
    for (const m of person.memberships ?? []) {
      await db.query(
        `INSERT INTO memberships (forum_id, user_id, kind, represents)
         SELECT f.id, $2, $3, $4 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1
         ON CONFLICT DO NOTHING`,
        [m.forum, userId, m.kind, m.represents ?? null],
      );
      if (m.contactPerson) {
        await db.query(
          `INSERT INTO contact_persons (forum_id, user_id)
           SELECT m.forum_id, m.user_id FROM memberships m
             JOIN forums f ON f.id = m.forum_id JOIN areas a ON a.id = f.area_id
            WHERE a.slug = $1 AND m.user_id = $2
           ON CONFLICT DO NOTHING`,
          [m.forum, userId],
        );
      }
      if (m.partner && m.represents) {
        await db.query(
          `INSERT INTO partners (forum_id, contact_id, name, kind, topics, description)
           SELECT f.id, $2, $3, $4, $5, $6 FROM forums f JOIN areas a ON a.id = f.area_id
            WHERE a.slug = $1
           ON CONFLICT DO NOTHING`,
          [m.forum, userId, m.represents, m.kind, m.partner.topics, m.partner.description],
        );
      }
    }
  }
}
