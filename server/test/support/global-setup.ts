import type { TestProject } from 'vitest/node';
import { createTestDatabase, testAdminUrl } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string | null;
  }
}

/** One fresh database for this test run, dropped afterwards. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase(testAdminUrl());
  project.provide('databaseUrl', database.url);
  project.provide('redisUrl', process.env.TEST_REDIS_URL || null);
  return () => database.drop();
}
