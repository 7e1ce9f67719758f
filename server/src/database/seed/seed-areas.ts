import type { EntityManager } from 'typeorm';
import { areaGrant, holbaekAreas } from './holbaek';

/**
 * Makes sure the 18 real areas and their forums exist. Idempotent: existing
 * rows keep any settings an administrator changed.
 */
export async function seedAreas(db: EntityManager): Promise<void> {
  for (const [position, area] of holbaekAreas.entries()) {
    await db.query(
      `INSERT INTO areas (slug, name, places, population, position)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO NOTHING`,
      [area.slug, area.name, area.places, area.population2011, position],
    );
    await db.query(
      `INSERT INTO forums (area_id, name, grant_base_dkk, grant_per_inhabitant_dkk, grant_carry_over)
       SELECT id, $2, $3, $4, $5 FROM areas WHERE slug = $1
       ON CONFLICT (area_id) DO NOTHING`,
      [
        area.slug,
        area.forum,
        areaGrant.baseDkk,
        areaGrant.perInhabitantDkk,
        areaGrant.carryOverUnspent,
      ],
    );
  }
}
