import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { formatReport } from './support/fuzz/fuzz-report';
import { runFuzz } from './support/fuzz/fuzz-run';
import { openSql } from './support/fuzz/fuzz-world';
import { inProcessServer, type ServerUnderTest } from './support/fuzz/fuzz-servers';
import { fuzzSeed } from './support/fuzz/random';

/**
 * The bounded fuzz run of `npm test` (guarantee 8 of issue 8): a few thousand
 * valid, hostile, damaged and random frames on /collab and /socket.io from
 * one seed, while well-behaved clients keep working. `npm run fuzz` runs the
 * same code with 100,000 frames per endpoint against the built server.
 */
const FRAMES_PER_ENDPOINT = Number(process.env.FUZZ_FRAMES ?? 2_500);

let server: ServerUnderTest | null = null;
let database: Awaited<ReturnType<typeof openSql>> | null = null;
afterAll(async () => {
  await server?.stop();
  await database?.end();
});

describe('frames from a hostile client, reproducible from FUZZ_SEED', () => {
  it('leave the process up, other clients working, and every document loading and rendering', async () => {
    const seed = fuzzSeed();
    const reproduce = `FUZZ_SEED=${seed} npx vitest run test/fuzz.e2e-spec.ts (in server/)`;
    console.log(`fuzz seed ${seed}; reproduce with ${reproduce}`);
    database = await openSql(inject('databaseUrl'));
    server = await inProcessServer();
    const report = await runFuzz(server, database.sql, {
      seed,
      framesPerEndpoint: FRAMES_PER_ENDPOINT,
      collabLanes: 2,
      socketLanes: 2,
      proposals: 3,
      timeLimitMs: 30_000,
      collabMaxMessageBytes: loadConfig({ NODE_ENV: 'test' }).collab.maxMessageBytes,
      // In this process a crash stops nothing: keep going and count them all.
      maxCrashes: Infinity,
    });
    console.log(formatReport(report, reproduce));

    expect(report.broken).toEqual([]);
    // The fuzzer got going (a busy machine may cut the last frames at the time limit).
    expect(report.collab.frames).toBeGreaterThan(FRAMES_PER_ENDPOINT / 4);
    expect(report.socket.frames).toBeGreaterThan(FRAMES_PER_ENDPOINT / 4);
  }, 150_000);
});
