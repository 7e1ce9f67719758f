#!/usr/bin/env node
// `npm run fuzz`: the fuzz suite of `npm test` with 100,000 frames per endpoint,
// against the built server in a process of its own (server/test/fuzz-endpoints.fuzz.ts).
// FUZZ_SEED reproduces a run; FUZZ_FRAMES, FUZZ_LANES and FUZZ_TIME_LIMIT_S change its size.
// Needs PostgreSQL: DATABASE_URL as admin connection, default the local server; the run
// makes its own database there and drops it afterwards.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const reportFile = join(root, 'server/test-results/fuzz-report.json');

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

console.log('▶ build (server, client for the proposal pages)');
const built = await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
if (built !== 0) process.exit(built);

mkdirSync(join(root, 'server/test-results'), { recursive: true });
console.log(`▶ fuzz against the built server, databases on ${new URL(adminUrl).host}`);
const code = await run('npx', ['vitest', 'run', '--config', 'vitest.fuzz.config.ts'], {
  cwd: join(root, 'server'),
  env: {
    ...process.env,
    TEST_DATABASE_URL: adminUrl,
    DATABASE_URL: '',
    FUZZ_FRAMES: process.env.FUZZ_FRAMES ?? '100000',
    FUZZ_REPORT: reportFile,
  },
});
console.log(`\nThe whole report (JSON): ${reportFile}`);
process.exit(code);
