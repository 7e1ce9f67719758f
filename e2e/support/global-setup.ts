import { mkdirSync, writeFileSync } from 'node:fs';
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
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

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
    keepServerLog(server.output());
  };
}

/**
 * The server's warnings and errors from the whole run, kept next to the test
 * results and printed, so that a browser test failing on CI can be read
 * against what the server saw at the time.
 */
function keepServerLog(log: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}server.log`, log);
  const lines = log
    .trim()
    .split('\n')
    .filter((line) => line && !/is running at/.test(line));
  if (lines.length === 0) return;
  console.log(
    `The server logged ${lines.length} line(s) at level warn or above (${RESULTS}server.log); the last ones:\n` +
      lines.slice(-80).join('\n'),
  );
}
