import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { migrate } from '../src/database/migrate';

/** The entities and the migrations must describe the same schema. */
describe('migrations', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await new DataSource({
      ...dataSourceOptions(inject('databaseUrl')),
      logging: false,
    }).initialize();
    await migrate(db);
  });
  afterAll(() => db?.destroy());

  it('give every entity column the table, type and nullability it declares', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    // Constraints and indexes are named in the migrations (TypeORM would rename them):
    // what must agree are the tables and columns.
    const statements = pending.upQueries
      .map((q) => q.query)
      .filter((q) => !/\b(CONSTRAINT|INDEX)\b/.test(q));
    expect(statements).toEqual([]);
  });

  it('run twice without doing anything the second time', async () => {
    await migrate(db);
    expect(await db.showMigrations()).toBe(false);
  });
});
