import type { DataSource } from 'typeorm';

/** Runs pending migrations while holding a lock, so nodes starting together take turns. */
export async function migrate(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('lokalforum:migrate'))`);
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext('lokalforum:migrate'))`)
      .catch(() => undefined);
    await runner.release();
  }
}
