#!/usr/bin/env node
/**
 * Forum-room fan-out benchmark (issue 5): CONNECTIONS Socket.IO clients (default
 * 10,000) spread over the 18 forum rooms, signed-in posters starting debates at
 * a steady rate, post-to-delivery latency at every receiver, server CPU and
 * memory. Runs once on a single node and once on two nodes through Redis.
 *
 *   npm run bench:rooms                         (from the repository root)
 *   CONNECTIONS=2000 POSTS_PER_S=2 DURATION_S=20 MODES=single,redis npm run bench:rooms
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ADMIN_URL, createDatabase, createMembers } from '../lib/database.mjs';
import { killAll, startNode, track } from '../lib/processes.mjs';
import { ProcSampler, loadAverage } from '../lib/proc.mjs';
import { markdownTable } from '../lib/report.mjs';
import { round } from '../lib/stats.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
const SERVER_MAIN = join(ROOT, 'server/dist/main.js');
const SLUGS = [
  'holbaek',
  'jyderup',
  'tolloese',
  'svinninge',
  'vipperoed',
  'moerkoev',
  'knabstrup',
  'regstrup',
  'tuse',
  'tuse-naes',
  'oroe',
  'hagested',
  'gislinge',
  'kundby',
  'undloese',
  'ugerloese',
  'st-merloese',
  'stestrup',
];

const env = process.env;
const options = {
  connections: Number(env.CONNECTIONS ?? 10_000),
  postsPerSecond: Number(env.POSTS_PER_S ?? 2),
  durationS: Number(env.DURATION_S ?? 30),
  warmupS: Number(env.WARMUP_S ?? 5),
  modes: (env.MODES ?? 'single,redis').split(',').map((m) => m.trim()),
  adminUrl: env.DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

let database = null;
async function cleanup() {
  await killAll();
  await database?.drop().catch(() => undefined);
  database = null;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().then(() => process.exit(130)));
}

/** Starts `nodes` server processes on one database (and Redis when more than one). */
async function startServers(nodes, redisPrefix) {
  const servers = [];
  for (let i = 0; i < nodes; i++) {
    servers.push(
      await startNode({
        name: `server ${i + 1}`,
        args: [SERVER_MAIN],
        env: {
          DATABASE_URL: database.url,
          PORT: '0',
          HOST: '127.0.0.1',
          DEMO: 'true',
          LOG_LEVEL: 'warn',
          ...(nodes > 1
            ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: redisPrefix }
            : { REDIS_URL: '' }),
        },
        ready: /running at (http:\/\/\S+)/,
      }),
    );
  }
  return servers;
}

/** One measured run: connect, idle sample, post for DURATION_S, report. */
async function runMode(mode) {
  const nodes = mode === 'redis' ? 2 : 1;
  const servers = await startServers(nodes, `bench-${randomBytes(4).toString('hex')}`);
  const urls = servers.map((s) => s.ready[1]);
  const posters = [];
  for (const slug of SLUGS) {
    for (const person of await createMembers(database.url, 2, slug))
      posters.push({ ...person, slug });
  }
  const idle = servers.map((s) => new ProcSampler(() => [s.pid]));
  const rssBefore = idle.map((sampler) => {
    sampler.start();
    return sampler.stop().rssMaxMiB;
  });

  const clients = track(
    fork(fileURLToPath(new URL('./clients.mjs', import.meta.url)), {
      env: {
        ...process.env,
        ROOMS_CONFIG: JSON.stringify({
          urls,
          slugs: SLUGS,
          posters,
          connections: options.connections,
          postsPerSecond: options.postsPerSecond,
          durationS: options.durationS,
          warmupS: options.warmupS,
        }),
      },
      execArgv: ['--max-old-space-size=4096'],
    }),
  );
  const messages = [];
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type === 'progress') console.log(`  ${m.connected} connected`);
        if (m.type === 'error') reject(new Error(m.message));
        if (m.type === type) {
          clients.off('message', onMessage);
          resolve(m);
        }
        messages.push(m);
      };
      clients.on('message', onMessage);
      clients.once('exit', (code) => reject(new Error(`clients exited with ${code}`)));
    });

  const connectStarted = performance.now();
  await next('connected');
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const connectedSamplers = servers.map((s) => new ProcSampler(() => [s.pid]));
  const rssConnected = connectedSamplers.map((sampler) => {
    sampler.start();
    return sampler.stop().rssMaxMiB;
  });

  const samplers = servers.map((s) => new ProcSampler(() => [s.pid]));
  const measuring = next('measuring');
  clients.send({ type: 'go' });
  await measuring;
  for (const sampler of samplers) sampler.start();
  const done = await next('done');
  const usage = samplers.map((s) => s.stop());
  for (const s of servers) await s.stop();

  const totalRss = (list) => list.reduce((a, b) => a + b, 0);
  return {
    mode,
    nodes,
    connections: options.connections,
    connectSeconds: round(connectSeconds, 1),
    postsPerSecond: options.postsPerSecond,
    posts: done.posts,
    errors: done.errors,
    deliveredPerSecond: round(done.deliveredPerSecond, 0),
    latencyMs: Object.fromEntries(Object.entries(done.latency).map(([k, v]) => [k, round(v)])),
    serverCpuAvgPct: usage.map((u) => round(u.cpuAvgPct, 1)),
    serverCpuMaxPct: usage.map((u) => round(u.cpuMaxPct, 1)),
    serverRssMiB: usage.map((u) => round(u.rssMaxMiB, 1)),
    kibPerConnection: round(
      ((totalRss(rssConnected) - totalRss(rssBefore)) * 1024) / options.connections,
      1,
    ),
    problems: servers.flatMap((s) => s.problems()).slice(0, 10),
  };
}

async function main() {
  if (!existsSync(SERVER_MAIN)) {
    console.error('server/dist is missing: run `npx turbo run build` first');
    process.exit(1);
  }
  console.log(
    `Room fan-out: ${options.connections} connections over ${SLUGS.length} rooms, ` +
      `${options.postsPerSecond} posts/s for ${options.durationS} s (+${options.warmupS} s warm-up)`,
  );
  const results = [];
  for (const mode of options.modes) {
    database = await createDatabase(options.adminUrl);
    console.log(`\n${mode === 'redis' ? 'Two nodes through Redis' : 'One node'}`);
    try {
      results.push(await runMode(mode));
    } finally {
      await cleanup();
    }
  }
  const rows = results.map((r) => [
    r.mode === 'redis' ? '2 nodes + Redis' : '1 node',
    r.connections,
    r.latencyMs.p50,
    r.latencyMs.p95,
    r.latencyMs.p99,
    r.latencyMs.max,
    r.deliveredPerSecond,
    r.serverCpuAvgPct.join(' / '),
    r.serverRssMiB.join(' / '),
    r.kibPerConnection,
    r.errors,
  ]);
  console.log(
    '\n' +
      markdownTable(
        [
          'setup',
          'connections',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          'deliveries/s',
          'server CPU % (avg)',
          'server RSS MiB',
          'KiB/conn',
          'errors',
        ],
        rows,
      ),
  );
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverage: loadAverage(),
  };
  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `rooms-${machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine, options, results }, null, 2));
  console.log(`\nSaved ${file}`);
  for (const r of results) if (r.problems.length) console.log(`${r.mode}: server said`, r.problems);
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
