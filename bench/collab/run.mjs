#!/usr/bin/env node
/**
 * Collaboration benchmark (issue 4): N editors on one proposal typing at a
 * human rate against our server (persisting to PostgreSQL) and against the
 * reference y-websocket 1.5.4 server, one after the other on this machine;
 * then 10,000 edits through our server and the time to load them back from
 * PostgreSQL. Starts everything itself and removes it again.
 *
 *   npm run bench                      (from the repository root)
 *   EDITORS=50 DURATION_S=20 RATE=5 SERVERS=ours,reference npm run bench
 *   node bench/collab/run.mjs --editors=20 --servers=ours --load-edits=0
 *
 * See bench/README.md for every option and what each number means.
 */
import { execSync, fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_ADMIN_URL,
  backendPids,
  createDatabase,
  createMembers,
  storedDocument,
  updatesAppended,
} from '../lib/database.mjs';
import { killAll, startNode, track } from '../lib/processes.mjs';
import { startProbe } from '../lib/probe.mjs';
import { MachineWindow, ProcSampler, loadAverage, waitForQuiet } from '../lib/proc.mjs';
import { markdownTable, serversTable } from '../lib/report.mjs';
import { round, summarize } from '../lib/stats.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
const SERVER_MAIN = join(ROOT, 'server/dist/main.js');
const REFERENCE_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('y-websocket/package.json')),
  'bin/server.js',
);
const FORUM = 'jyderup';
/** Our server's COLLAB_UNLOAD_AFTER_MS (default 10 s), so the load-time phase waits less. */
const UNLOAD_AFTER_MS = 1_000;

const options = readOptions();
const log = (...args) => console.log(...args);

/** @type {{ drop(): Promise<void>, name: string, url: string } | null} */
let database = null;
let cleaningUp = null;
/** When server/dist was built, and whether server/src has changed since (recorded with the results). */
let distBuiltAt = null;
let distStale = false;

async function cleanup() {
  cleaningUp ??= (async () => {
    await killAll();
    if (database) {
      await database
        .drop()
        .catch((err) => console.error(`Could not drop ${database?.name}: ${err.message}`));
      database = null;
    }
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// A run that hangs somewhere still ends, and cleans up.
const hardLimitMs =
  (options.servers.length * (options.warmupS + options.durationS + 180) +
    (options.loadEdits ? 300 * options.loadPatterns.length : 0)) *
  1000;
setTimeout(() => {
  console.error(`Gave up after ${hardLimitMs / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, hardLimitMs).unref();

main().then(
  () => cleanup(),
  async (err) => {
    // After Ctrl-C the children are ended on purpose: their errors are no news.
    if (!cleaningUp) console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await cleanup();
    process.exitCode = 1;
  },
);

async function main() {
  const machine = describeMachine();
  log(`Lokalforum collaboration benchmark — ${machine.date}`);
  log(
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadBefore?.join(' ')}`,
  );
  log(
    `${options.editors} editors × ${options.rate} keystrokes/s, ${options.warmupS} s warm-up + ${options.durationS} s measured; servers: ${options.servers.join(', ')}` +
      `; editors join over ${options.connectSpreadS} s` +
      (options.cursors ? '; cursor awareness on every keystroke' : ''),
  );
  if (process.env.REDIS || process.env.REDIS_URL)
    log('Note: the two-node Redis mode is not implemented; running one node.');
  ensureBuilt();

  database = await createDatabase(options.adminUrl);
  log(`Database ${database.name} created`);

  /** @type {Record<string, any>} */
  const servers = {};
  /** @type {any[]} */
  const loadTime = [];
  for (const name of options.servers) {
    if (name === 'ours') {
      const ours = await startOurs(database.url);
      try {
        servers.ours = await benchOurs(ours, database);
        if (options.loadEdits > 0) {
          for (const pattern of options.loadPatterns)
            loadTime.push(await benchLoadTime(ours, database, pattern));
        }
      } finally {
        await ours.stop();
      }
    } else {
      const reference = await startReference();
      try {
        const collabUrl = `ws://127.0.0.1:${reference.port}/collab`;
        servers.reference = await benchServer(reference, {
          collabUrl,
          docName: `proposal:${randomUUID()}`,
          tokens: Array.from({ length: options.editors }, () => 'unused'),
          probeUrl: `${collabUrl}/proposal:${randomUUID()}`,
        });
      } finally {
        await reference.stop();
      }
    }
  }

  machine.loadAfter = loadAverage();
  machine.serverDist = { builtAt: distBuiltAt, olderThanSource: distStale };
  const results = { machine, options: { ...options, adminUrl: undefined }, servers, loadTime };
  const verdict = judge(results);
  log('');
  log(serversTable(servers));
  if (loadTime.length > 0) {
    log('');
    log(loadTimeTable(loadTime));
  }
  log('');
  for (const line of verdict.lines) log(line);
  const file = writeResults({ ...results, verdict });
  log(`\nResults: ${file}`);
}

/** Fails early with a helpful message; builds server (and protocol) when dist is missing. */
function ensureBuilt() {
  if (!existsSync(SERVER_MAIN) || !existsSync(join(ROOT, 'packages/protocol/dist/index.js'))) {
    log(
      'server/dist is missing: building with `npx turbo run build --filter=@lokalforum/server...` first…',
    );
    const built = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@lokalforum/server...'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('The build failed');
    return;
  }
  const newest = (dir) => {
    let latest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile())
        latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
    return latest;
  };
  distBuiltAt = new Date(newest(join(ROOT, 'server/dist'))).toISOString();
  distStale = newest(join(ROOT, 'server/src')) > newest(join(ROOT, 'server/dist'));
  if (distStale) {
    log(
      'Warning: server/src has changed since server/dist was built; run `npx turbo run build` to measure the current code.',
    );
  }
}

async function startOurs(databaseUrl) {
  const profileDir = join(BENCH, 'results/profiles');
  if (options.profile) mkdirSync(profileDir, { recursive: true });
  const server = await startNode({
    name: 'our server',
    args: [...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), SERVER_MAIN],
    cwd: ROOT,
    env: {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      // Only matters once every editor has left: lets the load-time phase see the document unloaded sooner.
      COLLAB_UNLOAD_AFTER_MS: String(UNLOAD_AFTER_MS),
      REDIS_URL: '',
      CLIENT_DIR: '',
      ...options.oursEnv,
    },
    ready: /Lokalforum is running at (http:\/\/\S+)/,
  });
  log(`Our server running at ${server.ready[1]} (pid ${server.pid})`);
  return { ...server, url: server.ready[1] };
}

async function startReference() {
  const port = await freePort();
  const server = await startNode({
    name: 'reference y-websocket server',
    args: [REFERENCE_MAIN],
    cwd: ROOT,
    env: { HOST: '127.0.0.1', PORT: String(port) },
    ready: /running at/,
  });
  log(
    `Reference y-websocket ${referenceVersion()} server running on port ${port} (pid ${server.pid})`,
  );
  return { ...server, port };
}

/** A proposal in the forum, started by the first of `count` new members; their tokens. */
async function proposalWithMembers(url, databaseUrl, count) {
  const people = await createMembers(databaseUrl, count, FORUM);
  const res = await fetch(`${url}/api/forums/${FORUM}/proposals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${people[0].token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bænke ved søen', summary: 'Benchmark' }),
  });
  if (res.status !== 201)
    throw new Error(`Creating a proposal gave ${res.status}: ${await res.text()}`);
  const proposal = /** @type {{ id: string }} */ (await res.json());
  return { proposalId: proposal.id, tokens: people.map((p) => p.token) };
}

async function benchOurs(ours, db) {
  const { proposalId, tokens } = await proposalWithMembers(ours.url, db.url, options.editors);
  // The probe's own document, so it receives none of the editors' traffic.
  const probe = await proposalWithMembers(ours.url, db.url, 1);
  const collabUrl = `${ours.url.replace(/^http/, 'ws')}/collab`;
  return benchServer(ours, {
    collabUrl,
    docName: `proposal:${proposalId}`,
    tokens,
    database: db,
    probeUrl: `${collabUrl}/proposal:${probe.proposalId}?token=${probe.tokens[0]}`,
  });
}

/**
 * One latency run against a started server: forks the load generator and
 * samples the server (and, for ours, its PostgreSQL backends) while it measures.
 */
async function benchServer(server, { collabUrl, docName, tokens, database: db, probeUrl }) {
  log(`${server.name}: connecting ${tokens.length} editors…`);
  const probe = await startProbe(probeUrl);
  let probeStats = null;
  const sampler = new ProcSampler(() => [server.pid]);
  /** @type {number[]} */
  let pgPids = [];
  const pgSampler = db ? new ProcSampler(() => pgPids) : null;
  const machineWindow = new MachineWindow();
  const generatorSampler = new ProcSampler(() => (generatorPid ? [generatorPid] : []));
  let generatorPid = 0;
  let serverStats = null;
  let pgStats = null;
  let machineStats = null;
  /** Update-log rows our server appended per second (its 5 ms store batches). */
  let rowsBefore = 0;
  let rowsPerS = null;
  const busy = await waitForQuiet();
  if (busy > 20)
    log(
      `Warning: the machine is busy with other work (${round(busy)} % CPU); results will be noisy.`,
    );
  const logBefore = server.problems().length;
  const load = await runChild(
    'collab/editors.mjs',
    {
      mode: 'latency',
      collabUrl,
      docName,
      tokens,
      rate: options.rate,
      warmupS: options.warmupS,
      durationS: options.durationS,
      cursors: options.cursors,
      connectSpreadS: options.connectSpreadS,
    },
    {
      timeoutMs: (options.warmupS + options.durationS + 150) * 1000,
      onStart: (pid) => {
        generatorPid = pid;
      },
      onPhase: async (phase) => {
        if (phase === 'connected') {
          log(`${server.name}: all editors synced; warming up for ${options.warmupS} s`);
          // The pool has grown while 50 editors signed in; typing needs no more connections.
          if (db) pgPids = await backendPids(db.url, db.name);
        } else if (phase === 'measuring') {
          log(`${server.name}: measuring for ${options.durationS} s`);
          if (db) rowsBefore = await updatesAppended(db.url);
          sampler.start();
          pgSampler?.start();
          generatorSampler.start();
          machineWindow.start();
          probe.record();
        } else if (phase === 'measured') {
          if (db) rowsPerS = ((await updatesAppended(db.url)) - rowsBefore) / options.durationS;
          serverStats = sampler.stop();
          pgStats = pgSampler?.stop() ?? null;
          probeStats = probe.stop();
          const machine = machineWindow.stop();
          const generator = generatorSampler.stop();
          // Everything this run started (the orchestrator's own sampling is negligible).
          const ourShare = serverStats.cpuAvgPct + (pgStats?.cpuAvgPct ?? 0) + generator.cpuAvgPct;
          machineStats = { ...machine, otherPct: Math.max(0, machine.busyPct - ourShare) };
        }
      },
    },
  );
  const logLines = server.problems().slice(logBefore);
  probeStats ??= probe.stop();
  const result = {
    docName,
    load,
    server: serverStats,
    postgres: pgStats,
    storedRowsPerS: rowsPerS,
    pingMs: probeStats,
    machine: machineStats,
    logLines,
  };
  log(
    `${server.name}: p50 ${round(load.latencyAllMs.p50)} ms, p99 ${round(load.latencyAllMs.p99)} ms to all others; ` +
      `server CPU ${round(serverStats?.cpuAvgPct ?? NaN)} %`,
  );
  for (const line of logLines.slice(0, 10)) log(`  server said: ${line}`);
  return result;
}

/**
 * The "10,000 edits load in under 30 ms" budget, for one edit pattern: edits
 * through the real server (so through its 5 ms batches, log and compaction),
 * then loading the stored document with the server's own store code, and
 * opening it with a fresh provider after the server has unloaded it.
 */
async function benchLoadTime(ours, db, pattern) {
  log(
    `Load time (${pattern}): ${options.loadEdits} edits by ${options.loadEditors} editors through our server…`,
  );
  const { proposalId, tokens } = await proposalWithMembers(ours.url, db.url, options.loadEditors);
  const collabUrl = `${ours.url.replace(/^http/, 'ws')}/collab`;
  const docName = `proposal:${proposalId}`;
  const appendedBefore = await updatesAppended(db.url);
  const edits = await runChild(
    'collab/editors.mjs',
    {
      mode: 'edits',
      collabUrl,
      docName,
      tokens,
      rate: options.loadRate,
      edits: options.loadEdits,
      pattern,
    },
    { timeoutMs: 300_000 },
  );
  // Every editor has left: the server stores its last batch and unloads the document.
  await sleep(UNLOAD_AFTER_MS + 2_000);
  const stored = await storedDocument(db.url, proposalId);
  const rowsAppended = (await updatesAppended(db.url)) - appendedBefore;

  log(`Load time (${pattern}): loading it with ProposalDocumentStore from server/dist…`);
  await waitForQuiet();
  // The loader is one busy thread: much more than 100 % here means something else competed.
  const machineWindow = new MachineWindow();
  machineWindow.start();
  const store = await runChild(
    'collab/load-time.mjs',
    { databaseUrl: db.url, proposalId, repeats: options.loadRepeats },
    { timeoutMs: 120_000 },
  );
  const machine = machineWindow.stop();

  log(
    `Load time (${pattern}): opening it ${options.openRepeats} times with a fresh provider, each after the server unloaded it…`,
  );
  const opens = await runChild(
    'collab/editors.mjs',
    {
      mode: 'open',
      collabUrl,
      docName,
      tokens: [tokens[0]],
      repeats: options.openRepeats,
      waitMs: UNLOAD_AFTER_MS + 1_500,
      warmUpWith: options.loadEdits,
    },
    { timeoutMs: 120_000 },
  );
  const sameBody = (b) => b && b.sha1 === edits.body.sha1 && b.chars === edits.body.chars;
  const warm = store.runs.slice(1);
  return {
    pattern,
    proposalId,
    edits,
    stored: { ...stored, rowsAppended },
    storeLoad: {
      firstMs: store.runs[0].totalMs,
      totalMs: summarize(warm.map((r) => r.totalMs)),
      sqlMs: summarize(warm.map((r) => r.sqlMs)),
      mergeMs: summarize(warm.map((r) => r.mergeMs)),
      applyMs: summarize(warm.map((r) => r.applyMs)),
      applyPartsMs: summarize(warm.map((r) => r.applyPartsMs)),
      stateBytes: store.runs[0].bytes,
      runs: store.runs,
      matchesEditors: sameBody(store.body),
      machine,
    },
    firstSync: {
      runs: opens.runs,
      ms: summarize(opens.runs.map((o) => o.ms)),
      serverAndWireMs: summarize(opens.runs.map((o) => o.serverAndWireMs)),
      matchesEditors: sameBody(opens.body),
    },
  };
}

/** @param {any[]} loads  one benchLoadTime result per pattern */
function loadTimeTable(loads) {
  /** @type {[string, (t: any) => any][]} */
  const metrics = [
    [
      'edits made',
      (t) => `${t.edits.edits} by ${t.edits.editors} in ${round(t.edits.seconds, 1)} s`,
    ],
    ['log rows appended (5 ms batches)', (t) => t.stored.rowsAppended],
    [
      'stored: snapshot + log',
      (t) =>
        `${kib(t.stored.snapshotBytes)} + ${t.stored.logRows} rows (${kib(t.stored.logBytes)})`,
    ],
    ['state loaded (snapshot + rows)', (t) => kib(t.storeLoad.stateBytes)],
    ['store.loadParts + apply in order, first in process (ms)', (t) => t.storeLoad.firstMs],
    ['store.loadParts + apply in order, warm p50 (ms)', (t) => t.storeLoad.totalMs.p50],
    ['store.loadParts + apply in order, warm max (ms)', (t) => t.storeLoad.totalMs.max],
    ['  apart: SQL p50 (ms)', (t) => t.storeLoad.sqlMs.p50],
    ['  merging first instead: Y.mergeUpdates p50 (ms)', (t) => t.storeLoad.mergeMs.p50],
    ['  merging first instead: then Y.applyUpdate p50 (ms)', (t) => t.storeLoad.applyMs.p50],
    ['same, without the transaction, p50 (ms)', (t) => t.storeLoad.applyPartsMs.p50],
    ['fresh provider until synced, p50 (ms)', (t) => t.firstSync.ms.p50],
    ['  each run (ms)', (t) => t.firstSync.runs.map((r) => round(r.ms, 1)).join(', ')],
    ['  without the client applying it, p50 (ms)', (t) => t.firstSync.serverAndWireMs.p50],
    ['machine CPU while loading (%; one thread = 100)', (t) => t.storeLoad.machine.busyPct],
    [
      'loaded copies equal the editors’ copy',
      (t) => t.storeLoad.matchesEditors && t.firstSync.matchesEditors,
    ],
  ];
  return markdownTable(
    ['10,000-edit document', ...loads.map((t) => t.pattern)],
    metrics.map(([label, get]) => [label, ...loads.map(get)]),
  );
}

function kib(bytes) {
  return `${round(bytes / 1024, 1)} KiB`;
}

/** The budget verdict, from DESIGN.md "Performance budgets". */
function judge({ servers, loadTime }) {
  const lines = [];
  const ours = servers.ours;
  const ref = servers.reference;
  const verdict = {};
  if (ours) {
    const p99 = ours.load.latencyAllMs.p99;
    verdict.p99Under20ms = p99 < 20;
    lines.push(
      `Budget: p99 keystroke → all ${options.editors - 1} others under 20 ms: ${p99 < 20 ? 'MET' : 'NOT MET'} (${round(p99)} ms)`,
    );
    if (ref) {
      const ratio = p99 / ref.load.latencyAllMs.p99;
      verdict.p99Ratio = ratio;
      // Two runs of the same server differ by more than 10 % at p99 (see BENCHMARKS.md), so closer is a tie.
      verdict.noWorseThanReference = ratio <= 1 ? 'met' : ratio <= 1.1 ? 'tie' : 'not met';
      const word = {
        met: 'MET',
        tie: 'TIE (within 10 %, below run-to-run noise)',
        'not met': 'NOT MET',
      };
      lines.push(
        `Budget: no worse than the reference: ${word[verdict.noWorseThanReference]} (p99 ours/reference = ${round(ratio)})`,
      );
    }
    for (const [name, r] of Object.entries(servers)) {
      if ((r.machine?.otherPct ?? 0) > 10) {
        lines.push(
          `Warning: while ${name} was measured, other work used ${round(r.machine.otherPct)} % of a core: its tail latencies are inflated.`,
        );
      }
    }
    const healthy =
      ours.load.undelivered === 0 && ours.load.disconnects === 0 && ours.load.converged;
    if (!healthy)
      lines.push(
        'Warning: our server lost keystrokes, dropped connections or did not converge (see table).',
      );
  }
  for (const t of loadTime) {
    // The server's load code, warm (a running server has it compiled); the first call is reported apart.
    const p50 = t.storeLoad.totalMs.p50;
    verdict[`loadUnder30ms_${t.pattern}`] = p50 < 30;
    lines.push(
      `Budget: ${t.edits.edits} edits (${t.pattern}) load from PostgreSQL under 30 ms: ${p50 < 30 ? 'MET' : 'NOT MET'} ` +
        `(store.loadParts + apply p50 ${round(p50)} ms, first ${round(t.storeLoad.firstMs)} ms; ` +
        `fresh provider synced p50 ${round(t.firstSync.ms.p50)} ms)`,
    );
  }
  return { ...verdict, lines };
}

/**
 * Forks a bench script with one job; resolves with its result.
 * @param {string} script  relative to bench/
 * @param {object} job
 * @param {{ timeoutMs: number, onStart?: (pid: number) => void, onPhase?: (phase: string) => void | Promise<void> }} options
 */
function runChild(script, job, { timeoutMs, onStart, onPhase }) {
  const child = track(fork(join(BENCH, script), [], { cwd: BENCH, stdio: 'inherit' }));
  onStart?.(/** @type {number} */ (child.pid));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    let phases = Promise.resolve();
    child.on('message', (message) => {
      if (message.type === 'phase') {
        phases = phases.then(() => onPhase?.(message.phase)).catch(reject);
        return;
      }
      clearTimeout(timer);
      // Phase handlers first (e.g. the sampler stops before the result is used).
      void phases.then(() => {
        child.disconnect();
        if (message.type === 'result') resolve(message.result);
        else reject(new Error(`${script}: ${message.message}`));
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before answering`));
    });
    child.send(job);
  });
}

function describeMachine() {
  const git = (cmd) => {
    try {
      return execSync(`git ${cmd}`, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    kernel: os.release(),
    commit: git('rev-parse --short HEAD'),
    dirty: Boolean(git('status --porcelain')),
    referenceServer: `y-websocket ${referenceVersion()}`,
    loadBefore: loadAverage(),
    loadAfter: null,
  };
}

function referenceVersion() {
  return createRequire(import.meta.url)('y-websocket/package.json').version;
}

function writeResults(results) {
  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `collab-${results.machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** Options from the environment, overridden by --flags (`--duration-s=10` sets DURATION_S). */
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
  const flag = (name) => /^(1|true|yes)$/i.test(env[name] ?? '');
  const servers = (env.SERVERS ?? 'ours,reference')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of servers)
    if (s !== 'ours' && s !== 'reference') throw new Error(`Unknown server ${s}`);
  const loadPatterns = (env.LOAD_PATTERNS ?? 'typing,scattered')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of loadPatterns)
    if (p !== 'typing' && p !== 'scattered') throw new Error(`Unknown pattern ${p}`);
  // Extra settings for our server, e.g. OURS_ENV="COLLAB_STORE_DEBOUNCE_MS=50", to see what one costs.
  const oursEnv = Object.fromEntries(
    (env.OURS_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return {
    editors: number('EDITORS', 50, 2),
    durationS: number('DURATION_S', 20, 1),
    warmupS: number('WARMUP_S', 5, 0),
    rate: number('RATE', 5, 0.1),
    servers,
    cursors: flag('CURSORS'),
    connectSpreadS: number('CONNECT_SPREAD_S', 3, 0),
    loadEdits: servers.includes('ours') ? number('LOAD_EDITS', 10_000, 0) : 0,
    loadEditors: number('LOAD_EDITORS', 20, 1),
    loadPatterns,
    oursEnv,
    loadRate: number('LOAD_RATE', 50, 1),
    loadRepeats: number('LOAD_REPEATS', 20, 2),
    openRepeats: number('OPEN_REPEATS', 5, 1),
    profile: flag('PROFILE'),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
  };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function freePort() {
  return import('node:net').then(
    ({ createServer }) =>
      new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
          const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
          probe.close(() => resolve(port));
        });
      }),
  );
}
