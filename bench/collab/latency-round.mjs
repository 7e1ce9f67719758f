/**
 * One latency round: `tokens.length` stock providers on one document, the
 * first `typists` of them typing, spread over `generators` processes
 * (latency-generator.mjs) that this module drives through the round and
 * whose measurements it merges.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track } from '../lib/processes.mjs';
import { now, summarize } from '../lib/stats.mjs';

const GENERATOR = fileURLToPath(new URL('./latency-generator.mjs', import.meta.url));

/** The budget: keystrokes slower than this are counted per second of the run. */
const SLOW_MS = 20;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {object} RoundOptions
 * @property {string} collabUrl
 * @property {string} docName
 * @property {string[]} tokens  one per editor
 * @property {number} typists  how many of the editors type; the others receive
 * @property {number} generators  load-generator processes
 * @property {number} rate  keystrokes per second per typist
 * @property {number} warmupS
 * @property {number} durationS
 * @property {boolean} cursors  also move the awareness cursor on each keystroke
 * @property {number} connectSpreadS  editors join evenly over this many seconds
 * @property {(pids: number[]) => void} [onStart]
 * @property {(phase: 'connected' | 'measuring' | 'measured') => void | Promise<void>} [onPhase]
 */

/** @param {RoundOptions} o */
export async function latencyRound(o) {
  const count = Math.max(1, Math.min(o.generators, o.tokens.length));
  // Round robin: the typists (the first editors) spread evenly and come first in each process.
  const shares = Array.from({ length: count }, (_, g) => ({
    tokens: o.tokens.filter((_, i) => i % count === g),
    typists: Array.from({ length: o.typists }, (_, i) => i).filter((i) => i % count === g).length,
  }));
  const children = shares.map(() => new Generator());
  o.onStart?.(children.map((c) => c.pid));
  const all = (command, each = () => ({})) =>
    Promise.all(children.map((c, g) => c.ask({ command, ...each(g) })));
  try {
    const connected = await all('connect', (g) => ({
      collabUrl: o.collabUrl,
      docName: o.docName,
      tokens: shares[g].tokens,
      connectSpreadS: o.connectSpreadS,
    }));
    const written = await all('paragraphs', (g) => ({ typists: shares[g].typists }));
    const clients = written.flatMap((w) => w.clients);
    // Three times the mean number of keystrokes is far beyond what the jitter can add.
    const capacity = 64 + Math.ceil(o.rate * (o.warmupS + o.durationS + 10) * 3);
    await all('track', () => ({
      clients,
      paragraphs: Math.max(...connected.map((c) => c.paragraphs)) + clients.length,
      capacity,
    }));
    await o.onPhase?.('connected');
    await all('type', () => ({ rate: o.rate, cursors: o.cursors }));
    await sleep(o.warmupS * 1000);

    await o.onPhase?.('measuring');
    const windowStart = now();
    await all('measure');
    await sleep(o.durationS * 1000);
    const stopped = await all('stop');
    const windowEnd = now();
    await o.onPhase?.('measured');

    // Then the last keystrokes get up to 10 s to arrive everywhere.
    const finalClocks = stopped.flatMap((s) => s.finalClocks);
    const drained = await all('drain', () => ({ finalClocks, timeoutMs: 10_000 }));
    const sentAt = drained.flatMap((d) => d.sentAt);
    const summaries = await all('summarize', () => ({ sentAt, windowEnd }));
    const round = merge({
      editors: o.tokens.length,
      typists: clients.length,
      generators: count,
      seconds: (windowEnd - windowStart) / 1000,
      windowStart,
      stopped,
      drained,
      sentAt,
      summaries,
    });
    // CLOCK_MONOTONIC milliseconds, as a --cpu-prof profile's times: profile-summary.mjs cuts by them.
    return { ...round, window: { startMs: windowStart, endMs: windowEnd } };
  } finally {
    for (const child of children) child.end();
  }
}

/** The round's numbers from every generator's part (the shape report.mjs reads). */
function merge({
  editors,
  typists,
  generators,
  seconds,
  windowStart,
  stopped,
  drained,
  sentAt,
  summaries,
}) {
  const others = editors - 1;
  const everyone = [];
  let keystrokes = 0;
  let undelivered = 0;
  // Slow keystrokes (over the 20 ms budget) per second of the window: spread out, or a few stalls?
  const slowBySecond = new Array(Math.ceil(seconds)).fill(0);
  for (const [client, sent] of sentAt) {
    const parts = summaries.map((s) => ({
      received: new Map(s.received).get(client),
      lastAt: new Map(s.lastAt).get(client),
    }));
    for (let clock = 0; clock < sent.length; clock++) {
      if (sent[clock] === 0) continue;
      keystrokes++;
      let received = 0;
      let last = 0;
      for (const part of parts) {
        received += part.received[clock];
        last = Math.max(last, part.lastAt[clock]);
      }
      if (received !== others) {
        undelivered++;
        continue;
      }
      const latency = last - sent[clock];
      everyone.push(latency);
      if (latency > SLOW_MS) {
        const second = Math.min(
          slowBySecond.length - 1,
          Math.floor((sent[clock] - windowStart) / 1000),
        );
        slowBySecond[second]++;
      }
    }
  }
  const pairs = new Float64Array(summaries.reduce((n, s) => n + s.pairs.length, 0));
  let offset = 0;
  for (const s of summaries) {
    pairs.set(s.pairs, offset);
    offset += s.pairs.length;
  }
  const sum = (get) => stopped.reduce((total, s) => total + get(s), 0);
  const max = (get) => Math.max(...stopped.map(get));
  return {
    editors,
    typists,
    generators,
    seconds,
    keystrokes,
    keystrokesPerS: keystrokes / seconds,
    /** Keystroke → the last of the other editors has it: what the budget is about. */
    latencyAllMs: summarize(everyone),
    /** Keystroke → one other editor has it, over every (keystroke, receiver) pair. */
    latencyPairMs: summarize(pairs),
    deliveriesPerS: summaries.reduce((n, s) => n + s.deliveriesInWindow, 0) / seconds,
    messagesInPerS: sum((s) => s.messages) / seconds,
    kBytesInPerS: sum((s) => s.bytes) / 1024 / seconds,
    slow: {
      thresholdMs: SLOW_MS,
      count: slowBySecond.reduce((a, b) => a + b, 0),
      seconds: slowBySecond.filter((n) => n > 0).length,
      bySecond: slowBySecond,
    },
    undelivered,
    drained: drained.every((d) => d.drained),
    overflow: sum((s) => s.overflow),
    disconnects: sum((s) => s.closes),
    converged: new Set(summaries.flatMap((s) => s.fingerprints)).size === 1,
    client: {
      /** All generators together (100 = one core). */
      cpuPct: sum((s) => s.cpuPct),
      /** The busiest generator's. */
      eventLoopUtilization: max((s) => s.eventLoopUtilization),
      eventLoopDelayP99Ms: max((s) => s.eventLoopDelayP99Ms),
      eventLoopDelayMaxMs: max((s) => s.eventLoopDelayMaxMs),
    },
  };
}

/** One forked latency-generator.mjs, asked one command at a time. */
class Generator {
  constructor() {
    // 'advanced': typed arrays of send and arrival times cross as they are.
    this.child = track(fork(GENERATOR, [], { stdio: 'inherit', serialization: 'advanced' }));
    this.pid = /** @type {number} */ (this.child.pid);
    /** @type {{ resolve: (v: any) => void, reject: (e: Error) => void } | null} */
    this.waiting = null;
    this.child.on('message', (/** @type {any} */ message) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (!waiting) return;
      if (message.type === 'reply') waiting.resolve(message);
      else waiting.reject(new Error(`load generator: ${message.message}`));
    });
    this.child.once('exit', (code) => {
      this.waiting?.reject(new Error(`A load generator exited (${code}) during the round`));
      this.waiting = null;
    });
  }

  /** @param {{ command: string }} message */
  ask(message) {
    if (this.waiting) throw new Error('one command at a time');
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send(message);
    });
  }

  end() {
    if (this.child.connected) this.child.disconnect();
    setTimeout(() => this.child.kill('SIGKILL'), 5_000).unref();
  }
}
