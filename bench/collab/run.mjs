#!/usr/bin/env node
/**
 * Collaboration benchmark (issues 4 and 8): many editors on one proposal, a
 * few of them typing, against our server (persisting to PostgreSQL) and
 * against the reference y-websocket 1.5.4 server, both running on this
 * machine with the rounds interleaved (ours, reference, ours, …); the best
 * round of each server is compared. Then 10,000 edits through our server and
 * the time to load them back from PostgreSQL. Starts everything itself and
 * removes it again.
 *
 *   npm run bench                      (from the repository root)
 *   EDITORS=50 ROUNDS=1 DURATION_S=10 npm run bench
 *   node bench/collab/run.mjs --editors=20 --servers=ours --load-edits=0
 *
 * See bench/README.md for every option and what each number means.
 */
import { execSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPids, createDatabase, createMembers, updatesAppended } from '../lib/database.mjs';
import { killAll, startNode } from '../lib/processes.mjs';
import { startProbe } from '../lib/probe.mjs';
import { MachineWindow, ProcSampler, loadAverage, waitForQuiet } from '../lib/proc.mjs';
import { serversTable } from '../lib/report.mjs';
import { GOALS, compareRounds, ratioTable } from '../lib/rounds.mjs';
import { round } from '../lib/stats.mjs';
import { latencyRound } from './latency-round.mjs';
import { UNLOAD_AFTER_MS, benchLoadTime, judgeLoadTime, loadTimeTable } from './load-phase.mjs';
import { readOptions } from './options.mjs';
import { FORUM, createProposal, proposalWithMembers } from './proposals.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
const SERVER_MAIN = join(ROOT, 'server/dist/main.js');
const REFERENCE_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('y-websocket/package.json')),
  'bin/server.js',
);
/** The design budget (DESIGN.md, "Performance budgets"). */
const BUDGET_P99_MS = 20;

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
  (options.editors.length *
    options.rounds *
    options.servers.length *
    (options.warmupS + options.durationS + options.quietWaitS + 150) +
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
    `${options.editors.join(' and ')} editors, ${options.typists} of them typing ${options.rate} keystrokes/s; ` +
      `${options.rounds} rounds per server, interleaved (${options.servers.join(', ')}); ` +
      `${options.warmupS} s warm-up + ${options.durationS} s measured; editors join over ${options.connectSpreadS} s` +
      (options.cursors ? '; cursor awareness on every keystroke' : ''),
  );
  if (process.env.REDIS || process.env.REDIS_URL)
    log('Note: the two-node Redis mode is not implemented; running one node.');
  ensureBuilt();

  database = await createDatabase(options.adminUrl);
  log(`Database ${database.name} created`);

  /** @type {{ editors: number, typists: number, rounds: Record<string, any>[] }[]} */
  const scenarios = [];
  /** @type {any[]} */
  let loadTime = [];
  const ours = options.servers.includes('ours') ? await startOurs(database.url) : null;
  const reference = options.servers.includes('reference') ? await startReference() : null;
  try {
    const people = ours ? await prepareOurs(ours, database) : null;
    for (const editors of options.editors) {
      const scenario = { editors, typists: Math.min(options.typists, editors), rounds: [] };
      scenarios.push(scenario);
      for (let r = 1; r <= options.rounds; r++) {
        /** @type {Record<string, any>} */
        const results = {};
        const bench = (name) =>
          name === 'ours'
            ? benchOurs(/** @type {any} */ (ours), database, people, scenario)
            : benchReference(/** @type {any} */ (reference), scenario);
        if (options.together) {
          // Both at once: whatever else the machine does hits both alike (for comparing CPU).
          log(
            `\n${editors} editors, round ${r} of ${options.rounds}: ${options.servers.join(' and ')} at once`,
          );
          const both = await Promise.all(options.servers.map(bench));
          options.servers.forEach((name, i) => (results[name] = both[i]));
        } else {
          for (const name of options.servers) {
            log(`\n${editors} editors, round ${r} of ${options.rounds}: ${name}`);
            results[name] = await bench(name);
          }
        }
        scenario.rounds.push(results);
      }
    }
    await reference?.stop();
    if (ours) {
      for (const pattern of options.loadEdits > 0 ? options.loadPatterns : [])
        loadTime.push(await benchLoadTime(ours, database, pattern, options));
    }
  } finally {
    await Promise.all([ours?.stop(), reference?.stop()]);
  }

  machine.loadAfter = loadAverage();
  machine.serverDist = { builtAt: distBuiltAt, olderThanSource: distStale };
  const comparison = compareRounds(scenarios);
  const results = {
    machine,
    options: { ...options, adminUrl: undefined },
    scenarios,
    comparison,
    loadTime,
  };
  const verdict = judge(scenarios, comparison, loadTime);
  for (const scenario of scenarios) {
    log(`\n### ${scenario.editors} editors, ${scenario.typists} typing: every round\n`);
    const columns = scenario.rounds.flatMap((results, i) =>
      Object.entries(results).map(([name, result]) => [`${name} ${i + 1}`, result]),
    );
    log(serversTable(/** @type {[string, any][]} */ (columns)));
  }
  if (loadTime.length > 0) {
    log('\n### Load time\n');
    log(loadTimeTable(loadTime));
  }
  if (options.servers.length === 2) {
    log('\n### Ours / reference, best of rounds\n');
    log(ratioTable(comparison));
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

/** With PROFILE: `node --cpu-prof` into bench/results/profiles/<server>-<time>.cpuprofile. */
function profileArgs(server) {
  if (!options.profile) return [];
  const dir = join(BENCH, 'results/profiles');
  mkdirSync(dir, { recursive: true });
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${server}-${Date.now()}.cpuprofile`,
  ];
}

/** Our built server on its own database; the benchmark's settings, then OURS_ENV. */
async function startOurs(databaseUrl) {
  const server = await startNode({
    name: 'our server',
    args: [...profileArgs('ours'), SERVER_MAIN],
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
    args: [
      ...(options.profile ? ['-r', join(BENCH, 'lib/exit-on-sigterm.cjs')] : []),
      ...profileArgs('reference'),
      REFERENCE_MAIN,
    ],
    cwd: ROOT,
    env: { HOST: '127.0.0.1', PORT: String(port) },
    ready: /running at/,
  });
  log(
    `Reference y-websocket ${referenceVersion()} server running on port ${port} (pid ${server.pid})`,
  );
  return { ...server, port, collabUrl: `ws://127.0.0.1:${port}/collab` };
}

/**
 * Members for the largest scenario (each round takes the first `editors` of
 * them) and the probe's own proposal, so it receives none of the editors' traffic.
 */
async function prepareOurs(ours, db) {
  const most = Math.max(...options.editors);
  log(`Creating ${most} members of ${FORUM}…`);
  const people = await createMembers(db.url, most, FORUM);
  const probe = await proposalWithMembers(ours.url, db.url, 1);
  const collabUrl = `${ours.url.replace(/^http/, 'ws')}/collab`;
  return {
    tokens: people.map((p) => p.token),
    collabUrl,
    probeUrl: `${collabUrl}/proposal:${probe.proposalId}?token=${probe.tokens[0]}`,
    proposalsMade: 0,
  };
}

/** One round on our server: a fresh proposal, so every round starts from the same document. */
async function benchOurs(ours, db, people, scenario) {
  // Started by a different member each round: creating proposals is rate-limited per person.
  const starter = people.tokens[people.proposalsMade++ % people.tokens.length];
  const proposalId = await createProposal(ours.url, starter);
  return benchServer(ours, {
    collabUrl: people.collabUrl,
    docName: `proposal:${proposalId}`,
    tokens: people.tokens.slice(0, scenario.editors),
    typists: scenario.typists,
    database: db,
    probeUrl: people.probeUrl,
  });
}

/** One round on the reference server, on a document name of its own. */
function benchReference(reference, scenario) {
  return benchServer(reference, {
    collabUrl: reference.collabUrl,
    docName: `proposal:${randomUUID()}`,
    tokens: Array.from({ length: scenario.editors }, () => 'unused'),
    typists: scenario.typists,
    probeUrl: `${reference.collabUrl}/proposal:${randomUUID()}`,
  });
}

/**
 * One latency round against a started server: forks the load generator and
 * samples the server (and, for ours, its PostgreSQL backends) while it measures.
 */
async function benchServer(
  server,
  { collabUrl, docName, tokens, typists, database: db, probeUrl },
) {
  const busy = await waitForQuiet(20, options.quietWaitS * 1000);
  if (busy > 20)
    log(
      `Warning: the machine is busy with other work (${round(busy)} % CPU); results will be noisy.`,
    );
  log(`${server.name}: connecting ${tokens.length} editors…`);
  const probe = await startProbe(probeUrl);
  let probeStats = null;
  const sampler = new ProcSampler(() => [server.pid]);
  /** @type {number[]} */
  let pgPids = [];
  const pgSampler = db ? new ProcSampler(() => pgPids) : null;
  const machineWindow = new MachineWindow();
  /** @type {number[]} */
  let generatorPids = [];
  const generatorSampler = new ProcSampler(() => generatorPids);
  let serverStats = null;
  let pgStats = null;
  let machineStats = null;
  /** Update-log rows our server appended per second (one per store batch). */
  let rowsBefore = 0;
  let rowsPerS = null;
  const logBefore = server.problems().length;
  const load = await latencyRound({
    collabUrl,
    docName,
    tokens,
    typists,
    generators:
      options.generators || Math.min(os.availableParallelism(), Math.ceil(tokens.length / 100)),
    rate: options.rate,
    warmupS: options.warmupS,
    durationS: options.durationS,
    cursors: options.cursors,
    connectSpreadS: options.connectSpreadS,
    onStart: (pids) => {
      generatorPids = pids;
    },
    onPhase: async (phase) => {
      if (phase === 'connected') {
        log(`${server.name}: all editors synced; warming up for ${options.warmupS} s`);
        // The pool has grown while the editors signed in; typing needs no more connections.
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
  });
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
      `server CPU ${round(serverStats?.cpuAvgPct ?? NaN)} %` +
      (pgStats ? ` (+ PostgreSQL ${round(pgStats.cpuAvgPct)} %)` : ''),
  );
  for (const line of logLines.slice(0, 10)) log(`  server said: ${line}`);
  return result;
}

/** The verdict: the design budget, the ratio goals of issue 8, and health. */
function judge(scenarios, comparison, loadTime) {
  const lines = [];
  const verdict = { scenarios: [] };
  for (const [i, scenario] of scenarios.entries()) {
    const { metrics } = comparison[i];
    const label = `${scenario.editors} editors (${scenario.typists} typing)`;
    const entry = { editors: scenario.editors, typists: scenario.typists };
    verdict.scenarios.push(entry);
    const oursRounds = scenario.rounds.map((r) => r.ours).filter(Boolean);
    if (oursRounds.length > 0) {
      const p99 = Math.min(...oursRounds.map((r) => r.load.latencyAllMs.p99));
      entry.p99Under20ms = p99 < BUDGET_P99_MS;
      lines.push(
        `${label}: budget p99 keystroke → every other editor under ${BUDGET_P99_MS} ms: ${entry.p99Under20ms ? 'MET' : 'NOT MET'} (best round ${round(p99)} ms)`,
      );
    }
    for (const goal of GOALS) {
      const m = metrics[goal.key];
      if (m.met === null) continue;
      entry[goal.key] = { ratio: m.bestRatio, goal: goal.goal, met: m.met };
      lines.push(
        `${label}: ${goal.label} ours/reference ≤ ${goal.goal.toFixed(1)}: ${m.met ? 'MET' : 'NOT MET'} (${round(m.bestRatio)} best of rounds; ${round(m.medianRatio)} median of rounds)`,
      );
    }
    for (const [r, results] of scenario.rounds.entries()) {
      for (const [name, result] of Object.entries(results)) {
        if ((result.machine?.otherPct ?? 0) > 10) {
          lines.push(
            `Warning: ${label}, round ${r + 1}, ${name}: other work used ${round(result.machine.otherPct)} % of a core meanwhile.`,
          );
        }
        if (result.load.undelivered > 0 || result.load.disconnects > 0 || !result.load.converged) {
          lines.push(
            `Warning: ${label}, round ${r + 1}, ${name}: keystrokes lost, connections dropped or copies differ (see its table).`,
          );
        }
      }
    }
  }
  const load = judgeLoadTime(loadTime);
  return { ...verdict, ...load.verdict, lines: [...lines, ...load.lines] };
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
