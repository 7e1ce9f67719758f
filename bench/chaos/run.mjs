#!/usr/bin/env node
/**
 * Chaos run (issue 8, guarantee 8): 20 editors type into one proposal while
 * the server is killed with SIGKILL 20 times and started again on the same
 * database; afterwards every update the server had acknowledged (stored in
 * PostgreSQL when it died) and every word typed must be in every copy, and
 * all copies must be equal. Starts everything itself and removes it again.
 *
 *   npm run chaos                          (from the repository root)
 *   KILLS=5 EDITORS=10 npm run chaos
 *   node bench/chaos/run.mjs --kills=20 --seed=7
 *
 * See bench/README.md for the options and what each number means.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as Y from 'yjs';
import { DEFAULT_ADMIN_URL, createDatabase, createMembers } from '../lib/database.mjs';
import { killAll, startNode, track } from '../lib/processes.mjs';
import { markdownTable } from '../lib/report.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { wordsIn } from './words.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
const SERVER_MAIN = join(ROOT, 'server/dist/main.js');
const FORUM = 'jyderup';

const options = readOptions();
const log = (...args) => console.log(...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const random = seeded(options.seed);
/** Between `min` and `max` ms, from the run's seed: the same seed kills at the same moments. */
const between = (min, max) => min + Math.floor(random() * (max - min + 1));

let database = null;
let cleaningUp = null;
async function cleanup() {
  cleaningUp ??= (async () => {
    await killAll();
    await database
      ?.drop()
      .catch((err) => console.error(`Could not drop the database: ${err.message}`));
    database = null;
  })();
  return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
setTimeout(
  () => {
    console.error('The chaos run took too long: giving up');
    void cleanup().finally(() => process.exit(1));
  },
  options.kills * (options.upMaxMs + options.downMaxMs + 90_000) + 180_000,
).unref();

main().then(
  (ok) => cleanup().then(() => (process.exitCode = ok ? 0 : 1)),
  async (err) => {
    if (!cleaningUp) console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await cleanup();
    process.exitCode = 1;
  },
);

async function main() {
  const machine = {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
  log(`Lokalforum chaos run — ${machine.date}`);
  log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(
    `${options.editors} editors × ${options.rate} words/s; ${options.kills} SIGKILLs, ` +
      `up ${options.upMinMs}–${options.upMaxMs} ms, down ${options.downMinMs}–${options.downMaxMs} ms; seed ${options.seed}`,
  );
  if (!existsSync(SERVER_MAIN))
    throw new Error('server/dist is missing: run `npx turbo run build` first');
  const started = performance.now();
  database = await createDatabase(options.adminUrl);
  const port = await freePort();
  const serverEnv = {
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    CLIENT_DIR: '/nonexistent',
  };
  const problems = [];
  let server = await startServer(serverEnv);
  const url = `http://127.0.0.1:${port}`;

  const people = await createMembers(database.url, options.editors, FORUM);
  const proposal = await startProposal(url, people[0].token);
  const typists = track(fork(join(BENCH, 'chaos/typists.mjs'), [], { stdio: 'inherit' }));
  const next = messages(typists);
  typists.send({
    type: 'start',
    job: {
      collabUrl: `ws://127.0.0.1:${port}/collab`,
      docName: `proposal:${proposal}`,
      tokens: people.map((p) => p.token),
      rate: options.rate,
    },
  });
  await next('started');
  log(`${options.editors} editors typing into proposal ${proposal}`);

  const kills = [];
  /** Every word PostgreSQL held at some kill, and any that it later no longer held. */
  const acknowledged = new Set();
  const goneFromStore = new Set();
  for (let k = 1; k <= options.kills; k++) {
    await sleep(between(options.upMinMs, options.upMaxMs));
    server.child.kill('SIGKILL');
    typists.send({ type: 'count' });
    const typedAtKill = (await next('count')).typed;
    await new Promise((r) =>
      server.child.exitCode !== null || server.child.signalCode !== null
        ? r()
        : server.child.once('exit', r),
    );
    problems.push(...server.problems());
    // What PostgreSQL holds now is what the server had acknowledged when it died.
    const stored = wordsIn(await storedBody(database.url, proposal));
    for (const word of acknowledged) if (!stored.has(word)) goneFromStore.add(word);
    for (const word of stored) acknowledged.add(word);
    await sleep(between(options.downMinMs, options.downMaxMs));
    const restartAt = performance.now();
    server = await startServer(serverEnv);
    const restartMs = performance.now() - restartAt;
    typists.send({ type: 'await-sync' });
    const synced = await next('synced');
    if (!synced.ok)
      throw new Error(`kill ${k}: not every editor synced within 60 s of the restart`);
    kills.push({
      kill: k,
      storedWords: stored.size,
      typedWords: typedAtKill,
      restartMs,
      resyncMs: synced.ms,
    });
    log(
      `kill ${String(k).padStart(2)}: ${stored.size} of ${typedAtKill} words typed were stored; ` +
        `restarted in ${round(restartMs)} ms, every editor synced ${round(synced.ms)} ms later`,
    );
  }

  typists.send({ type: 'stop' });
  const result = (await next('result')).result;
  // A graceful stop stores the last batch; then the store must hold exactly what the editors have.
  await server.stop();
  problems.push(...server.problems());
  const finalStored = await storedBody(database.url, proposal);
  server = await startServer(serverEnv);
  const detail = await (await fetch(`${url}/api/proposals/${proposal}`)).json();
  await server.stop();

  const editorWords = wordsIn(result.body);
  const lostAcknowledged = [...acknowledged].filter((w) => !editorWords.has(w));
  const lostTyped = result.words.filter((w) => !editorWords.has(w));
  const storedWords = wordsIn(finalStored);
  const notStored = result.words.filter((w) => !storedWords.has(w));
  const notInApi = result.words.filter((w) => !detail.text?.includes(w));
  const checks = {
    'every acknowledged word in every copy': lostAcknowledged.length === 0,
    'the store never lost an acknowledged word': goneFromStore.size === 0,
    'every typed word in every copy':
      lostTyped.length === 0 && result.missing.every((n) => n === 0),
    'all copies converged': result.converged && result.fingerprints.length === 1,
    'the store holds what the editors have': finalStored === result.body && notStored.length === 0,
    'the API text has every word after a restart': notInApi.length === 0,
  };
  const restart = summarize(kills.map((k) => k.restartMs));
  const resync = summarize(kills.map((k) => k.resyncMs));
  const unacked = kills.map((k) => k.typedWords - k.storedWords);
  const report = {
    machine,
    options,
    proposal,
    totalS: (performance.now() - started) / 1000,
    kills,
    wordsTyped: result.words.length,
    acknowledgedAtKills: acknowledged.size,
    lostAcknowledged: lostAcknowledged.length,
    lostTyped: lostTyped.length,
    convergeMs: result.convergeMs,
    editorReconnects: result.closes,
    serverProblems: problems,
    checks,
  };
  log('');
  log(
    markdownTable(
      ['measure', 'value'],
      [
        ['SIGKILLs', kills.length],
        ['editors', options.editors],
        ['words typed (one Yjs update each)', result.words.length],
        ['words acknowledged (stored) at the kills', acknowledged.size],
        ['typed but not yet stored at a kill, max (resent later)', Math.max(0, ...unacked)],
        ['acknowledged words lost', lostAcknowledged.length],
        ['typed words lost', lostTyped.length],
        ['restart to listening p50 / max (ms)', `${round(restart.p50)} / ${round(restart.max)}`],
        [
          'listening to every editor synced p50 / max (ms)',
          `${round(resync.p50)} / ${round(resync.max)}`,
        ],
        ['every copy equal and complete, after typing stopped (ms)', result.convergeMs],
        ['editor connections closed or refused (reconnect attempts)', result.closes],
        ['server warnings and errors logged', problems.length],
        ['whole run (s)', report.totalS],
      ],
    ),
  );
  log('');
  for (const [check, ok] of Object.entries(checks)) log(`${ok ? '✔' : '✖'} ${check}`);
  for (const line of problems.slice(0, 20)) log(`  server: ${line}`);
  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chaos-${machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`\nFull results: ${file}`);
  return Object.values(checks).every(Boolean);
}

function startServer(env) {
  return startNode({
    name: 'server',
    args: [SERVER_MAIN],
    env,
    ready: /running at (http:\/\/\S+)/,
    timeoutMs: 90_000,
  });
}

async function startProposal(url, token) {
  const res = await fetch(`${url}/api/forums/${FORUM}/proposals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Kaos', summary: 'Serveren dør tyve gange undervejs.' }),
  });
  if (res.status !== 201) throw new Error(`Starting the proposal answered ${res.status}`);
  return (await res.json()).id;
}

/** The body as PostgreSQL holds it: the snapshot, then the log in order. */
async function storedBody(databaseUrl, proposalId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT state AS data FROM proposal_snapshots WHERE proposal_id = $1
       UNION ALL SELECT update FROM (SELECT update FROM proposal_updates
         WHERE proposal_id = $1 ORDER BY id) u`,
      [proposalId],
    );
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    return doc.getXmlFragment('body').toString();
  } finally {
    await client.end();
  }
}

/** The next message of `type` from `child` (an error message from it rejects). */
function messages(child) {
  const queue = [];
  const waiting = [];
  child.on('message', (message) => {
    const i = waiting.findIndex((w) => w.type === message.type || message.type === 'error');
    if (i === -1) return void queue.push(message);
    const [w] = waiting.splice(i, 1);
    if (message.type === 'error') w.reject(new Error(`typists: ${message.message}`));
    else w.resolve(message);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the typists exited (${code})`));
  });
  return (type) => {
    const i = queue.findIndex((m) => m.type === type);
    if (i !== -1) return Promise.resolve(queue.splice(i, 1)[0]);
    return new Promise((resolve, reject) => waiting.push({ type, resolve, reject }));
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** mulberry32: the kill timings follow from the seed. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readOptions() {
  const env = { ...process.env };
  for (const arg of process.argv.slice(2)) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/i.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg} (use --name=value)`);
    env[match[1].toUpperCase().replace(/-/g, '_')] = match[2] ?? 'true';
  }
  const number = (name, fallback, min = 0) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`${name} must be a number ≥ ${min}`);
    return value;
  };
  return {
    kills: number('KILLS', 20, 1),
    editors: number('EDITORS', 20, 1),
    rate: number('RATE', 5, 0.1),
    upMinMs: number('UP_MIN_MS', 1_000),
    upMaxMs: number('UP_MAX_MS', 3_000),
    downMinMs: number('DOWN_MIN_MS', 200),
    downMaxMs: number('DOWN_MAX_MS', 1_500),
    seed: number('SEED', Math.floor(Math.random() * 2 ** 31)),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
  };
}
