import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { formatReport, machine } from './support/fuzz/fuzz-report';
import { runFuzz } from './support/fuzz/fuzz-run';
import { openSql } from './support/fuzz/fuzz-world';
import { childProcessServer, type ServerUnderTest } from './support/fuzz/fuzz-servers';
import { fuzzSeed } from './support/fuzz/random';

/**
 * `npm run fuzz` (scripts/fuzz.mjs): the bounded suite's code with bigger
 * numbers, against the built server (`dist/main.js`) in a process of its own.
 * A crash is recorded with what the server printed last and the frames sent
 * just before it, and the server is started again so the run goes on.
 */
const FRAMES_PER_ENDPOINT = Number(process.env.FUZZ_FRAMES ?? 100_000);
const LANES = Number(process.env.FUZZ_LANES ?? 4);
/** 0 leaves an endpoint out (e.g. to fuzz /socket.io alone while /collab crashes). */
const COLLAB_LANES = Number(process.env.FUZZ_COLLAB_LANES ?? LANES);
const SOCKET_LANES = Number(process.env.FUZZ_SOCKET_LANES ?? LANES);
const TIME_LIMIT_S = Number(process.env.FUZZ_TIME_LIMIT_S ?? 3_600);
/** Each crash costs a restart, and a document that crashes the server does so again on reload. */
const MAX_CRASHES = Number(process.env.FUZZ_MAX_CRASHES ?? 25);
const COLLAB_MAX_MESSAGE_BYTES = 1_048_576;

let server: ServerUnderTest | null = null;
let database: Awaited<ReturnType<typeof openSql>> | null = null;
afterAll(async () => {
  await server?.stop();
  await database?.end();
});

describe('the long fuzz run against the built server', () => {
  it('keeps every guarantee through 100,000 frames per endpoint', async () => {
    const seed = fuzzSeed();
    const reproduce = `FUZZ_SEED=${seed} FUZZ_FRAMES=${FRAMES_PER_ENDPOINT} npm run fuzz`;
    console.log(`fuzz seed ${seed} on ${machine()}`);
    database = await openSql(inject('databaseUrl'));
    server = await childProcessServer({
      DATABASE_URL: inject('databaseUrl'),
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      COLLAB_MAX_MESSAGE_BYTES: String(COLLAB_MAX_MESSAGE_BYTES),
    });
    const report = await runFuzz(server, database.sql, {
      seed,
      framesPerEndpoint: FRAMES_PER_ENDPOINT,
      collabLanes: COLLAB_LANES,
      socketLanes: SOCKET_LANES,
      proposals: LANES,
      timeLimitMs: TIME_LIMIT_S * 1000,
      collabMaxMessageBytes: COLLAB_MAX_MESSAGE_BYTES,
      maxCrashes: MAX_CRASHES,
      progressEveryMs: 30_000,
    });
    console.log(`${machine()}\n${formatReport(report, reproduce)}`);
    if (process.env.FUZZ_REPORT) {
      writeFileSync(
        process.env.FUZZ_REPORT,
        JSON.stringify({ machine: machine(), ...report }, null, 2),
      );
    }
    expect(report.broken).toEqual([]);
  });
});
