#!/usr/bin/env node
/**
 * Voting benchmark (issue 9): VOTERS members (default 300) of one forum, each
 * with a Socket.IO connection in the forum's room, cast their ballots all at
 * once and then change them all at once, ROUNDS times; then single ballots,
 * one every PROBE_GAP_MS, each timed until every room member has the tally
 * that counts it.
 *
 *   npm run bench:votes                               (from the repository root)
 *   VOTERS=300 ROUNDS=5 PROBES=60 npm run bench:votes
 *
 * Between the bursts, a paced phase: every member votes once at a random
 * moment within SPREAD_MS (300 people clicking within a few seconds, the
 * realistic peak), and its ballot latency is reported on its own.
 *
 * Reported: ballot latency (PUT sent → answered) p50/p99 under the bursts;
 * burst settle (last ballot answered → every room member has the final
 * tally), which includes the coalescing of `tally.changed` (at most one per
 * vote every 250 ms); and probe delivery (one ballot → every member has it),
 * the latency a single ballot sees when the room is not flooded.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io } from 'socket.io-client';
import { DEFAULT_ADMIN_URL, createDatabase, createMembers } from '../lib/database.mjs';
import { killAll, startNode } from '../lib/processes.mjs';
import { ProcSampler, loadAverage } from '../lib/proc.mjs';
import { markdownTable } from '../lib/report.mjs';
import { round, summarize } from '../lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_MAIN = join(ROOT, 'server/dist/main.js');
const SLUG = 'knabstrup';
const CHOICES = ['yes', 'no', 'abstain'];

const env = process.env;
const options = {
  voters: Number(env.VOTERS ?? 300),
  rounds: Number(env.ROUNDS ?? 5),
  probes: Number(env.PROBES ?? 60),
  probeGapMs: Number(env.PROBE_GAP_MS ?? 400),
  /** The paced phase: every member votes once at a random moment within this window. */
  spreadMs: Number(env.SPREAD_MS ?? 3_000),
  adminUrl: env.DATABASE_URL ?? DEFAULT_ADMIN_URL,
};

let database = null;
const sockets = [];
async function cleanup() {
  for (const socket of sockets) socket.close();
  await killAll();
  await database?.drop().catch(() => undefined);
  database = null;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().then(() => process.exit(130)));
}

const now = () => performance.now();

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** A contact person of the forum (written straight into the tables, as the e2e tests do). */
async function contactPerson(databaseUrl) {
  const [person] = await createMembers(databaseUrl, 1, SLUG);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO contact_persons (forum_id, user_id)
       SELECT f.id, $2 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [SLUG, person.userId],
    );
  } finally {
    await client.end();
  }
  return person;
}

/** Every voter's socket in the room; `waitFor` resolves when each has seen a tally matching `test`. */
async function joinRoom(base, voters) {
  /** Per socket: the latest tally it received and when. */
  const latest = voters.map(() => null);
  let waiters = [];
  await Promise.all(
    voters.map(
      (voter, i) =>
        new Promise((resolve, reject) => {
          const socket = io(base, {
            path: '/socket.io',
            transports: ['websocket'],
            auth: { token: voter.token },
            reconnection: false,
          });
          sockets.push(socket);
          socket.on('connect_error', reject);
          socket.on('tally.changed', ({ tally }) => {
            latest[i] = { tally, at: now() };
            for (const w of waiters) w.check();
          });
          socket.on('connect', () =>
            socket.emit('forum.join', { slug: SLUG }, (ack) =>
              ack.ok ? resolve() : reject(new Error(JSON.stringify(ack.error))),
            ),
          );
        }),
    ),
  );
  return {
    /** Resolves with the time the last socket got a tally passing `test`. */
    waitFor(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check() {
            if (!latest.every((l) => l && test(l.tally))) return;
            waiters = waiters.filter((w) => w !== waiter);
            clearTimeout(timer);
            resolve(Math.max(...latest.map((l) => l.at)));
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const behind = latest.filter((l) => !l || !test(l.tally)).length;
          reject(new Error(`${behind} room members never got the tally`));
        }, timeoutMs);
        waiters.push(waiter);
        waiter.check();
      });
    },
  };
}

const same = (expected) => (tally) =>
  tally.yes === expected.yes && tally.no === expected.no && tally.abstain === expected.abstain;

function countOf(choices) {
  const counts = { yes: 0, no: 0, abstain: 0 };
  for (const c of choices) counts[c] += 1;
  return counts;
}

async function main() {
  if (!existsSync(SERVER_MAIN)) {
    console.error('server/dist is missing: run `npx turbo run build` first');
    process.exit(1);
  }
  console.log(
    `Voting: ${options.voters} members, ${options.rounds} rounds of cast + change, ` +
      `${options.probes} single ballots ${options.probeGapMs} ms apart`,
  );
  database = await createDatabase(options.adminUrl);
  const server = await startNode({
    name: 'server',
    args: [SERVER_MAIN],
    env: {
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
    ready: /running at (http:\/\/\S+)/,
  });
  const base = server.ready[1];
  const voters = await createMembers(database.url, options.voters, SLUG);
  const contact = await contactPerson(database.url);
  const proposal = await api(base, 'POST', `/api/forums/${SLUG}/proposals`, voters[0].token, {
    title: 'Benchmark: bænke ved stationen',
  });
  // The contact person never votes, so the vote stays open however many members have voted.
  await api(base, 'POST', `/api/proposals/${proposal.id}/vote`, contact.token, {});
  const room = await joinRoom(base, voters);
  console.log(`  ${voters.length} members in the room`);

  const ballotMs = [];
  const settleMs = [];
  const cast = async (voter, choice) => {
    const started = now();
    await api(base, 'PUT', `/api/proposals/${proposal.id}/ballot`, voter.token, { choice });
    const answered = now();
    ballotMs.push(answered - started);
    return answered;
  };

  const sampler = new ProcSampler(() => [server.pid]);
  const load = loadAverage();
  sampler.start();
  let choices = voters.map(() => 'yes');
  for (let r = 0; r < options.rounds; r += 1) {
    for (const phase of ['cast', 'change']) {
      // Everyone at once; the choices shift each phase so every ballot changes something.
      const shift = r * 2 + (phase === 'cast' ? 0 : 1);
      choices = voters.map((_, i) => CHOICES[(i + shift) % 3]);
      const answered = await Promise.all(voters.map((v, i) => cast(v, choices[i])));
      const lastAnswered = Math.max(...answered);
      const allHave = await room.waitFor(same(countOf(choices)));
      settleMs.push(allHave - lastAnswered);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const burstUsage = sampler.stop();

  // Paced: each member once, at a random moment within the window.
  const burstBallots = ballotMs.splice(0);
  for (let r = 0; r < options.rounds; r += 1) {
    const shift = r + 1;
    choices = voters.map((_, i) => CHOICES[(i + shift) % 3]);
    await Promise.all(
      voters.map(
        (v, i) =>
          new Promise((resolve, reject) =>
            setTimeout(
              () => cast(v, choices[i]).then(resolve, reject),
              Math.random() * options.spreadMs,
            ),
          ),
      ),
    );
    await room.waitFor(same(countOf(choices)));
  }
  const pacedBallots = ballotMs.splice(0);

  // Single ballots on a quiet room: one voter changes their mind, all members must see it.
  const probeMs = [];
  for (let p = 0; p < options.probes; p += 1) {
    const i = p % voters.length;
    const choice = CHOICES[(CHOICES.indexOf(choices[i]) + 1) % 3];
    choices[i] = choice;
    const started = now();
    await cast(voters[i], choice);
    const allHave = await room.waitFor(same(countOf(choices)));
    probeMs.push(allHave - started);
    await new Promise((resolve) => setTimeout(resolve, options.probeGapMs));
  }
  const probeBallots = ballotMs.splice(0);
  const tally = await api(base, 'GET', `/api/proposals/${proposal.id}/tally`, voters[0].token);
  const exact = same(countOf(choices))(tally) && tally.voted === voters.length;
  const problems = server.problems().slice(0, 10);
  await cleanup();

  const ballots = summarize(burstBallots);
  const paced = summarize(pacedBallots);
  const settle = summarize(settleMs);
  const probe = summarize(probeMs);
  const probeBallot = summarize(probeBallots);
  console.log(
    `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load before ${load?.join(' ') ?? '?'}, ` +
      `${new Date().toISOString()}`,
  );
  console.log(
    markdownTable(
      ['metric', 'p50', 'p99', 'max', 'n', 'budget'],
      [
        [
          'ballot under a burst of all members (ms)',
          ballots.p50,
          ballots.p99,
          ballots.max,
          ballots.count,
          'p99 < 50',
        ],
        [
          `ballot, every member once within ${options.spreadMs / 1000} s (ms)`,
          paced.p50,
          paced.p99,
          paced.max,
          paced.count,
          'p99 < 50',
        ],
        [
          'single ballot (ms)',
          probeBallot.p50,
          probeBallot.p99,
          probeBallot.max,
          probeBallot.count,
          'p99 < 50',
        ],
        [
          'single ballot → every room member has the tally (ms)',
          probe.p50,
          probe.p99,
          probe.max,
          probe.count,
          '< 100',
        ],
        [
          'burst: last ballot → every member has the final tally (ms)',
          settle.p50,
          settle.p99,
          settle.max,
          settle.count,
          '(coalesced, 250 ms)',
        ],
      ],
    ),
  );
  console.log(
    `\nServer CPU during the bursts: ${round(burstUsage.cpuAvgPct, 1)} % of a core on average, ` +
      `peak ${round(burstUsage.cpuMaxPct, 1)} %; RSS ${round(burstUsage.rssMaxMiB, 1)} MiB.`,
  );
  console.log(`Final tally exact: ${exact ? 'yes' : 'NO'}; server warnings: ${problems.length}`);
  for (const line of problems) console.log(`  ${line}`);
  if (!exact) process.exitCode = 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
