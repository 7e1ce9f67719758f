#!/usr/bin/env node
// `npm test`: format check, lint, type checks, unit, integration and browser tests.
// Picks the PostgreSQL the tests make their databases on: DATABASE_URL if given,
// else the local server at 127.0.0.1:5432 if it answers, else an embedded one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '1' };

function run(command, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, ...extraEnv },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function step(name, command, args, extraEnv) {
  console.log(`\n▶ ${name}`);
  const code = await run(command, args, extraEnv);
  if (code !== 0) {
    console.error(`\n✖ ${name} failed (exit ${code})`);
    await cleanup();
    process.exit(code);
  }
}

let embedded = null;
let embeddedDir = null;
async function cleanup() {
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

await step('format (prettier --check)', 'npx', ['prettier', '--check', '.']);
await step('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
await step('lint and type check', 'npx', [
  'turbo',
  'run',
  'lint',
  'check',
  '--output-logs=errors-only',
]);

let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl && (await answers(5432))) {
  databaseUrl = 'postgres://postgres@127.0.0.1:5432/test';
}
if (!databaseUrl) {
  console.log('No PostgreSQL at 127.0.0.1:5432: starting an embedded one for the tests');
  const { startEmbeddedPostgres } = await import(
    join(root, 'server/dist/database/embedded-postgres.js')
  );
  embeddedDir = await mkdtemp(join(tmpdir(), 'lokalforum-test-pg-'));
  embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port: 0 });
  databaseUrl = embedded.url;
}
const redisUrl = process.env.REDIS_URL ?? ((await answers(6379)) ? 'redis://127.0.0.1:6379' : '');
console.log(
  `Tests use PostgreSQL at ${new URL(databaseUrl).host}${redisUrl ? ` and Redis at ${new URL(redisUrl).host}` : ''}`,
);

// Test processes get their own database names; DATABASE_URL itself is never used directly.
const testEnv = { TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl, DATABASE_URL: '' };
const code = await run('npx', ['turbo', 'run', 'test', '--concurrency=1'], testEnv);
await cleanup();

// One closing line for every workspace's Vitest run together.
let passed = 0;
let failed = 0;
for (const workspace of ['packages/protocol', 'server', 'client', 'e2e']) {
  const report = join(root, workspace, 'test-results/vitest.json');
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(code !== 0 ? code : failed > 0 || passed === 0 ? 1 : 0);
