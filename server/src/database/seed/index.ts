import type { DataSource } from 'typeorm';
import { seedAreas } from './seed-areas';
import { seedDemo } from './seed-demo';
import { seedPools } from './seed-pools';

/** Seeds at start: the real areas and pools always, the fictional people in demo mode. One transaction. */
export async function seed(db: DataSource, { demo }: { demo: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    // Two nodes starting at once must not seed twice at the same time.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('lokalforum:seed'))`);
    await seedAreas(tx);
    await seedPools(tx);
    if (demo) await seedDemo(tx);
  });
}
