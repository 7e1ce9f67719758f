/**
 * The load generator: a child process (forked by run.mjs) holding every
 * editor, so its CPU is not counted as the server's. It gets one job over IPC,
 * reports phases as it goes (the parent samples the server meanwhile) and
 * sends back one result.
 *
 * Latency is measured inside this one process, so sender and receivers share
 * a clock. A keystroke is one Yjs transaction inserting one character, which
 * advances its editor's clock by exactly one; a receiver knows it has the
 * keystroke when its document's state for that client has passed that clock
 * (Yjs integrates an update only once everything it depends on is there).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { addParagraph, bodyFingerprint, openEditor, until } from '../lib/editor.mjs';
import { Samples, summarize } from '../lib/stats.mjs';

// Each stock provider adds a process 'exit' listener in Node; 50 of them are expected here.
process.setMaxListeners(0);

/** The budget: keystrokes slower than this are counted per second of the run. */
const SLOW_MS = 20;

/** The sampling step of the event-loop delay histogram, which it includes in every value. */
const LOOP_RESOLUTION_MS = 5;

/** @param {object} message */
const send = (message) => process.send?.(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `promise`, or an error after `ms` (the timer is cleared either way, so a
 * long run is not ended by a timeout of a step that finished long ago).
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {() => string} message
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * @typedef {object} Job
 * @property {'latency' | 'edits' | 'open'} mode
 * @property {string} collabUrl
 * @property {string} docName
 * @property {string[]} tokens  one per editor
 * @property {number} rate  keystrokes per second per typist
 * @property {number} [typists]  how many of the editors type (mode 'latency'; default all)
 * @property {number} warmupS
 * @property {number} durationS
 * @property {boolean} cursors  also move the awareness cursor on each keystroke
 * @property {number} connectSpreadS  editors join evenly over this many seconds
 * @property {number} edits  total edits (mode 'edits')
 * @property {'typing' | 'scattered'} pattern  how the edits are placed (mode 'edits')
 * @property {number} repeats  opens (mode 'open')
 * @property {number} waitMs  before each open (mode 'open')
 * @property {number} warmUpWith  edits in the warm-up document (mode 'open')
 */

process.once('message', (/** @type {Job} */ job) => {
  const run = { latency: measureLatency, edits: makeEdits, open: openRepeatedly }[job.mode];
  run(job).then(
    (result) => {
      send({ type: 'result', result });
      // Go once the parent has the answer (it disconnects): providers would keep reconnecting.
      process.once('disconnect', () => process.exit(0));
    },
    (err) => {
      send({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      process.once('disconnect', () => process.exit(1));
    },
  );
});

/**
 * Connects every editor and gives the first `writers` (default all) their own
 * paragraph; resolves when every editor sees every paragraph.
 */
async function connectAll(job, counters, writers = job.tokens.length) {
  // Joining over a few seconds, as people do: editors created in the same instant
  // would also renew their awareness in the same instant, every 15 s, for ever.
  const editors = [];
  const step = ((job.connectSpreadS ?? 0) * 1000) / job.tokens.length;
  for (const token of job.tokens) {
    editors.push(openEditor(job.collabUrl, job.docName, token, counters));
    if (step > 0) await sleep(step);
  }
  await withTimeout(
    Promise.all(editors.map((e) => e.synced())),
    60_000,
    () => `Not every editor synced within 60 s (closes: ${counters.closes})`,
  );
  const before = editors[0].doc.getXmlFragment('body').length;
  const texts = editors.slice(0, writers).map((e) => addParagraph(e.doc));
  const expected = before + texts.length;
  const all = await until(
    () => editors.every((e) => e.doc.getXmlFragment('body').length >= expected),
    30_000,
  );
  if (!all) throw new Error('Editors did not all see every paragraph within 30 s');
  send({ type: 'phase', phase: 'connected' });
  return { editors, texts };
}

/**
 * Per editor (by Yjs client id): when each of its clocks was typed (0 = not
 * measured), how many other editors have it and when the last one got it.
 */
class Track {
  constructor(capacity) {
    this.sentAt = new Float64Array(capacity);
    this.received = new Uint16Array(capacity);
    this.lastAt = new Float64Array(capacity);
  }
}

/** @param {Job} job */
async function measureLatency(job) {
  const counters = { messages: 0, bytes: 0, closes: 0 };
  // The others stay connected and receive everything, but only these type.
  const typists = Math.min(job.typists ?? job.tokens.length, job.tokens.length);
  const { editors, texts } = await connectAll(job, counters, typists);
  const writers = editors.slice(0, typists);
  const others = editors.length - 1;
  // Three times the mean number of keystrokes is far beyond what the jitter can add.
  const capacity = 64 + Math.ceil(job.rate * (job.warmupS + job.durationS + 10) * 3);
  /** @type {Map<number, Track>} */
  const tracks = new Map(writers.map((e) => [e.doc.clientID, new Track(capacity)]));
  const pairLatency = new Samples(1 << 16);
  let measuring = false;
  let windowStart = 0;
  let windowEnd = Infinity;
  let deliveriesInWindow = 0;
  let overflow = 0;

  for (const editor of editors) {
    editor.doc.on('afterTransaction', (/** @type {any} */ tr) => {
      if (tr.local) return;
      const now = performance.now();
      for (const [client, after] of tr.afterState) {
        const track = tracks.get(client);
        if (!track) continue;
        const from = tr.beforeState.get(client) ?? 0;
        for (let clock = from; clock < after && clock < capacity; clock++) {
          const sentAt = track.sentAt[clock];
          if (sentAt === 0) continue;
          pairLatency.push(now - sentAt);
          track.received[clock]++;
          track.lastAt[clock] = now;
          if (now <= windowEnd) deliveriesInWindow++;
        }
      }
    });
  }

  // Typing: each typist on its own timer, at `rate` on average, with ±50 % jitter.
  const meanGap = 1000 / job.rate;
  let typing = true;
  let keystrokes = 0;
  const timers = new Set();
  writers.forEach((editor, i) => {
    const text = texts[i];
    const track = /** @type {Track} */ (tracks.get(editor.doc.clientID));
    const awareness = editor.provider.awareness;
    const type = () => {
      timers.delete(timer);
      if (!typing) return;
      const clock = getClock(editor.doc);
      if (clock >= capacity) {
        overflow++;
      } else {
        const at = performance.now();
        if (measuring) {
          track.sentAt[clock] = at;
          keystrokes++;
        }
        text.insert(text.length, LETTERS[(clock + i) % LETTERS.length]);
        if (job.cursors) awareness.setLocalStateField('cursor', { index: text.length });
      }
      timer = setTimeout(type, meanGap * (0.5 + Math.random()));
      timers.add(timer);
    };
    // Random start, so the editors are not in step.
    let timer = setTimeout(type, Math.random() * meanGap);
    timers.add(timer);
  });

  await sleep(job.warmupS * 1000);
  const closesBefore = counters.closes;
  const messagesBefore = counters.messages;
  const bytesBefore = counters.bytes;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const eluBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  send({ type: 'phase', phase: 'measuring' });
  measuring = true;
  windowStart = performance.now();
  await sleep(job.durationS * 1000);
  measuring = false;
  windowEnd = performance.now();
  const seconds = (windowEnd - windowStart) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  loopDelay.disable();
  const messages = counters.messages - messagesBefore;
  const bytes = counters.bytes - bytesBefore;
  const closes = counters.closes - closesBefore;
  send({ type: 'phase', phase: 'measured' });

  // Stop typing, then give the last keystrokes time to arrive everywhere.
  typing = false;
  for (const timer of timers) clearTimeout(timer);
  const allArrived = () => {
    for (const track of tracks.values()) {
      for (let c = 0; c < capacity; c++) {
        if (track.sentAt[c] !== 0 && track.received[c] < others) return false;
      }
    }
    return true;
  };
  const drained = await until(allArrived, 10_000, 50);

  const everyone = new Samples(keystrokes);
  let undelivered = 0;
  // Slow keystrokes (over the 20 ms budget) per second of the window: spread out, or a few stalls?
  const slowBySecond = new Array(Math.ceil(seconds)).fill(0);
  for (const track of tracks.values()) {
    for (let c = 0; c < capacity; c++) {
      if (track.sentAt[c] === 0) continue;
      if (track.received[c] !== others) {
        undelivered++;
        continue;
      }
      const latency = track.lastAt[c] - track.sentAt[c];
      everyone.push(latency);
      if (latency > SLOW_MS) slowBySecond[Math.floor((track.sentAt[c] - windowStart) / 1000)]++;
    }
  }
  const fingerprints = new Set(editors.map((e) => JSON.stringify(bodyFingerprint(e.doc))));
  const result = {
    editors: editors.length,
    typists,
    seconds,
    keystrokes,
    keystrokesPerS: keystrokes / seconds,
    /** Keystroke → the last of the other editors has it: what the budget is about. */
    latencyAllMs: summarize(everyone.values()),
    /** Keystroke → one other editor has it, over every (keystroke, receiver) pair. */
    latencyPairMs: summarize(pairLatency.values()),
    deliveriesPerS: deliveriesInWindow / seconds,
    messagesInPerS: messages / seconds,
    kBytesInPerS: bytes / 1024 / seconds,
    slow: {
      thresholdMs: SLOW_MS,
      count: slowBySecond.reduce((a, b) => a + b, 0),
      seconds: slowBySecond.filter((n) => n > 0).length,
      bySecond: slowBySecond,
    },
    undelivered,
    drained,
    overflow,
    disconnects: closes,
    converged: fingerprints.size === 1,
    client: {
      cpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / seconds,
      eventLoopUtilization: elu.utilization,
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
      eventLoopDelayMaxMs: loopDelay.max / 1e6 - LOOP_RESOLUTION_MS,
    },
  };
  for (const editor of editors) editor.destroy();
  return result;
}

/**
 * Mode 'edits': `job.edits` small edits from every editor into their own
 * paragraphs, so the stored document is as fragmented as that editing leaves it.
 * Pattern 'typing': runs of keystrokes at a cursor that now and then jumps to
 * a random place, one keystroke in ten a backspace (how people write).
 * Pattern 'scattered': every edit at a random place, one in seven a deletion
 * (a worst case: no two neighbouring characters come from one run).
 * @param {Job} job
 */
async function makeEdits(job) {
  const counters = { messages: 0, bytes: 0, closes: 0 };
  const { editors, texts } = await connectAll(job, counters);
  const perEditor = Math.ceil(job.edits / editors.length);
  const gap = 1000 / job.rate;
  const scattered = job.pattern === 'scattered';
  let made = 0;
  const started = performance.now();
  await Promise.all(
    editors.map(async (editor, i) => {
      const text = texts[i];
      let cursor = 0;
      for (let n = 0; n < perEditor && made < job.edits; n++, made++) {
        if (scattered || Math.random() < 1 / 20)
          cursor = Math.floor(Math.random() * (text.length + 1));
        cursor = Math.min(cursor, text.length);
        if (text.length > 1 && cursor > 0 && Math.random() < (scattered ? 1 / 7 : 1 / 10)) {
          text.delete(--cursor, 1);
        } else {
          text.insert(cursor++, LETTERS[n % LETTERS.length]);
        }
        await sleep(gap * (0.5 + Math.random()));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const same = () => new Set(editors.map((e) => JSON.stringify(bodyFingerprint(e.doc)))).size === 1;
  const converged = await until(same, 30_000, 50);
  const result = {
    editors: editors.length,
    edits: made,
    seconds,
    converged,
    disconnects: counters.closes,
    body: bodyFingerprint(editors[0].doc),
  };
  for (const editor of editors) editor.destroy();
  return result;
}

/**
 * Mode 'open': `job.repeats` times, wait `job.waitMs` (so the server unloads
 * the document), then time one fresh provider from its creation until it has
 * synced: WebSocket handshake, the server's session and access checks,
 * loading the document from PostgreSQL, the sync exchange, and applying the
 * state here. This process's own share (applying the state) is timed apart,
 * after warming its Yjs up on a document of similar size, so the server's
 * part is not blurred by a cold client.
 * @param {Job} job
 */
async function openRepeatedly(job) {
  warmUpYjs(job.warmUpWith);
  const runs = [];
  let body = null;
  for (let i = 0; i < job.repeats; i++) {
    await sleep(job.waitMs);
    const counters = { messages: 0, bytes: 0, closes: 0 };
    const started = performance.now();
    const editor = openEditor(job.collabUrl, job.docName, job.tokens[0], counters);
    let openedAt = NaN;
    let applyStart = NaN;
    let applyMs = 0;
    editor.provider.on('status', (/** @type {{ status: string }} */ e) => {
      if (e.status === 'connected' && Number.isNaN(openedAt)) openedAt = performance.now();
    });
    editor.doc.on('beforeTransaction', (tr) => {
      if (!tr.local) applyStart = performance.now();
    });
    editor.doc.on('afterTransaction', (tr) => {
      if (!tr.local) applyMs += performance.now() - applyStart;
    });
    await withTimeout(editor.synced(), 30_000, () => 'The document did not sync within 30 s');
    const ms = performance.now() - started;
    body = bodyFingerprint(editor.doc);
    runs.push({
      ms,
      handshakeMs: openedAt - started,
      clientApplyMs: applyMs,
      serverAndWireMs: ms - applyMs,
    });
    editor.destroy();
  }
  return { runs, body };
}

/** Runs Yjs' encode/apply paths on a document like the one to be opened, so they are compiled. */
function warmUpYjs(edits = 0) {
  const doc = new Y.Doc();
  const text = addParagraph(doc);
  for (let n = 0; n < edits; n++) {
    text.insert(Math.floor(Math.random() * (text.length + 1)), LETTERS[n % LETTERS.length]);
  }
  const state = Y.encodeStateAsUpdate(doc);
  for (let i = 0; i < 5; i++) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    copy.destroy();
  }
  doc.destroy();
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz æøå';

/** @param {import('yjs').Doc} doc  the next clock of this doc's own client */
function getClock(doc) {
  const structs = doc.store.clients.get(doc.clientID);
  if (!structs || structs.length === 0) return 0;
  const last = structs[structs.length - 1];
  return last.id.clock + last.length;
}
