/**
 * The load-time measurement of the collaboration benchmark (issue 4's
 * "10,000 edits load in under 30 ms"), run against our server after the
 * latency rounds. See bench/README.md, "Load time".
 */
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { storedDocument, updatesAppended } from '../lib/database.mjs';
import { MachineWindow, waitForQuiet } from '../lib/proc.mjs';
import { markdownTable } from '../lib/report.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { proposalWithMembers } from './proposals.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const EDITORS_SCRIPT = fileURLToPath(new URL('./editors.mjs', import.meta.url));
const LOAD_TIME_SCRIPT = fileURLToPath(new URL('./load-time.mjs', import.meta.url));
/** Our server's COLLAB_UNLOAD_AFTER_MS in the benchmark, so this phase waits less. */
export const UNLOAD_AFTER_MS = 1_000;

const log = (...args) => console.log(...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The "10,000 edits load in under 30 ms" budget, for one edit pattern: edits
 * through the real server (so through its store batches, log and compaction),
 * then loading the stored document with the server's own store code, and
 * opening it with a fresh provider after the server has unloaded it.
 */
export async function benchLoadTime(ours, db, pattern, options) {
  log(
    `Load time (${pattern}): ${options.loadEdits} edits by ${options.loadEditors} editors through our server…`,
  );
  const { proposalId, tokens } = await proposalWithMembers(ours.url, db.url, options.loadEditors);
  const collabUrl = `${ours.url.replace(/^http/, 'ws')}/collab`;
  const docName = `proposal:${proposalId}`;
  const appendedBefore = await updatesAppended(db.url);
  const edits = await runChild(
    EDITORS_SCRIPT,
    {
      mode: 'edits',
      collabUrl,
      docName,
      tokens,
      rate: options.loadRate,
      edits: options.loadEdits,
      pattern,
    },
    { cwd: BENCH, timeoutMs: 300_000 },
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
    LOAD_TIME_SCRIPT,
    { databaseUrl: db.url, proposalId, repeats: options.loadRepeats },
    { cwd: BENCH, timeoutMs: 120_000 },
  );
  const machine = machineWindow.stop();

  log(
    `Load time (${pattern}): opening it ${options.openRepeats} times with a fresh provider, each after the server unloaded it…`,
  );
  const opens = await runChild(
    EDITORS_SCRIPT,
    {
      mode: 'open',
      collabUrl,
      docName,
      tokens: [tokens[0]],
      repeats: options.openRepeats,
      waitMs: UNLOAD_AFTER_MS + 1_500,
      warmUpWith: options.loadEdits,
    },
    { cwd: BENCH, timeoutMs: 120_000 },
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
export function loadTimeTable(loads) {
  /** @type {[string, (t: any) => any][]} */
  const metrics = [
    [
      'edits made',
      (t) => `${t.edits.edits} by ${t.edits.editors} in ${round(t.edits.seconds, 1)} s`,
    ],
    ['log rows appended (store batches)', (t) => t.stored.rowsAppended],
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

/** The budget lines for the load-time results. */
export function judgeLoadTime(loadTime) {
  const verdict = {};
  const lines = [];
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
  return { verdict, lines };
}
