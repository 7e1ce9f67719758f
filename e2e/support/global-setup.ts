import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startServerProcess } from '../../server/test/support/process';
import { createTestDatabase, testAdminUrl } from '../../server/test/support/test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The app's database, for setting up what another part of the app would have made. */
    databaseUrl: string;
  }
}

const MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

/** The built app (`npm start`'s process) with demo data on its own fresh database. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase(testAdminUrl(), 'lf_e2e');
  const server = await startServerProcess(
    { DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', DEMO: 'true', LOG_LEVEL: 'warn' },
    MAIN,
  ).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  project.provide('baseUrl', server.url);
  project.provide('databaseUrl', database.url);
  return async () => {
    await server.stop();
    await database.drop();
  };
}
