/**
 * One load-generator process of a latency round, forked by latency-round.mjs.
 * A round spreads its editors over a few of these, so that receiving every
 * keystroke 200 times is not capped at one core (and the generator's CPU is
 * never counted as the server's). The parent drives them through the round
 * with one command at a time over IPC; each command gets one reply.
 *
 * Times are `process.hrtime` (CLOCK_MONOTONIC): one clock for every process
 * on the machine, so a keystroke typed here and received in another
 * generator is timed right. A keystroke is one Yjs transaction inserting one
 * character, which advances its editor's clock by exactly one; a receiver has
 * keystroke (client, clock) once its document's state for that client has
 * passed that clock (Yjs integrates an update only once all it depends on is there).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  LETTERS,
  addParagraph,
  bodyFingerprint,
  nextClock,
  openEditor,
  until,
  withTimeout,
} from '../lib/editor.mjs';
import { now } from '../lib/stats.mjs';

// Each stock provider adds a process 'exit' listener in Node; a hundred of them are expected here.
process.setMaxListeners(0);

/** The sampling step of the event-loop delay histogram, which it includes in every value. */
const LOOP_RESOLUTION_MS = 5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Traffic seen by all editors of this process. */
const counters = { messages: 0, bytes: 0, closes: 0 };
/** @type {import('../lib/editor.mjs').Editor[]} */
let editors = [];
/** The typists' paragraphs, in the order of `editors` (typists come first). */
let texts = [];
/** Keystrokes per typist that fit the arrays below. */
let capacity = 0;
/** Per editor: typist client id → when this editor had each of its clocks (0 = not yet). */
let arrivals = [];
/** Per own typist: when each clock was typed while measuring (0 = not measured). */
let sentAt = [];
let typing = false;
let measuring = false;
let overflow = 0;
const timers = new Set();
/** Counters, CPU and loop at the start of the measured window. */
let measured = null;

const commands = {
  /** Opens every editor (spread over `connectSpreadS`) and waits until all have synced. */
  async connect({ collabUrl, docName, tokens, connectSpreadS }) {
    const step = (connectSpreadS * 1000) / tokens.length;
    for (const token of tokens) {
      editors.push(openEditor(collabUrl, docName, token, counters));
      if (step > 0) await sleep(step);
    }
    await withTimeout(
      Promise.all(editors.map((e) => e.synced())),
      60_000,
      () => `Not every editor synced within 60 s (closes: ${counters.closes})`,
    );
    return { paragraphs: editors[0].doc.getXmlFragment('body').length };
  },

  /** The first `typists` editors each add their own paragraph; their client ids. */
  paragraphs({ typists }) {
    texts = editors.slice(0, typists).map((e) => addParagraph(e.doc));
    return { clients: editors.slice(0, typists).map((e) => e.doc.clientID) };
  },

  /** Starts recording arrivals of every typist's keystrokes once all see all paragraphs. */
  async track({ clients, paragraphs, capacity: keystrokes }) {
    const all = await until(
      () => editors.every((e) => e.doc.getXmlFragment('body').length >= paragraphs),
      30_000,
    );
    if (!all) throw new Error('Editors did not all see every paragraph within 30 s');
    capacity = keystrokes;
    sentAt = texts.map(() => new Float64Array(capacity));
    arrivals = editors.map((editor) => {
      const times = new Map(clients.map((client) => [client, new Float64Array(capacity)]));
      editor.doc.on('afterTransaction', (/** @type {any} */ tr) => {
        if (tr.local) return;
        const at = now();
        for (const [client, after] of tr.afterState) {
          const seen = times.get(client);
          if (!seen) continue;
          const from = tr.beforeState.get(client) ?? 0;
          for (let clock = from; clock < after && clock < capacity; clock++) {
            if (seen[clock] === 0) seen[clock] = at;
          }
        }
      });
      return times;
    });
    return {};
  },

  /** Every typist types at `rate` on average, with ±50 % jitter, on its own timer. */
  type({ rate, cursors }) {
    const meanGap = 1000 / rate;
    typing = true;
    texts.forEach((text, i) => {
      const editor = editors[i];
      const sent = sentAt[i];
      let timer;
      const keystroke = () => {
        timers.delete(timer);
        if (!typing) return;
        const clock = nextClock(editor.doc);
        if (clock >= capacity) {
          overflow++;
        } else {
          // Before the insert: the provider sends the update inside it.
          if (measuring) sent[clock] = now();
          text.insert(text.length, LETTERS[(clock + i) % LETTERS.length]);
          if (cursors)
            editor.provider.awareness.setLocalStateField('cursor', { index: text.length });
        }
        timer = setTimeout(keystroke, meanGap * (0.5 + Math.random()));
        timers.add(timer);
      };
      // A random start, so the typists are not in step.
      timer = setTimeout(keystroke, Math.random() * meanGap);
      timers.add(timer);
    });
    return {};
  },

  measure() {
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loopDelay.enable();
    measured = {
      ...counters,
      loopDelay,
      elu: performance.eventLoopUtilization(),
      cpu: process.cpuUsage(),
      at: now(),
    };
    measuring = true;
    return {};
  },

  /** Ends the measured window and the typing; each own typist's next clock. */
  stop() {
    measuring = false;
    typing = false;
    for (const timer of timers) clearTimeout(timer);
    const seconds = (now() - measured.at) / 1000;
    const cpu = process.cpuUsage(measured.cpu);
    const elu = performance.eventLoopUtilization(measured.elu);
    measured.loopDelay.disable();
    return {
      finalClocks: texts.map((_, i) => [editors[i].doc.clientID, nextClock(editors[i].doc)]),
      messages: counters.messages - measured.messages,
      bytes: counters.bytes - measured.bytes,
      closes: counters.closes - measured.closes,
      overflow,
      cpuPct: (100 * (cpu.user + cpu.system)) / 1e6 / seconds,
      eventLoopUtilization: elu.utilization,
      eventLoopDelayP99Ms: measured.loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
      eventLoopDelayMaxMs: measured.loopDelay.max / 1e6 - LOOP_RESOLUTION_MS,
    };
  },

  /** Waits (up to `timeoutMs`) until every editor here has every keystroke typed; own send times. */
  async drain({ finalClocks, timeoutMs }) {
    const has = () =>
      editors.every((e) =>
        finalClocks.every(([client, clock]) => {
          const state = e.doc.store.clients.get(client);
          const last = state?.[state.length - 1];
          return last !== undefined && last.id.clock + last.length >= clock;
        }),
      );
    const drained = await until(has, timeoutMs, 50);
    return {
      drained,
      sentAt: texts.map((_, i) => [editors[i].doc.clientID, sentAt[i]]),
    };
  },

  /**
   * With every typist's send times: per keystroke, how many editors here got
   * it and when the last of them did; every (keystroke, receiver) latency;
   * deliveries within the measured; this process's copies of the body.
   */
  summarize({ sentAt: allSent, windowEnd }) {
    const sent = new Map(allSent);
    const received = new Map([...sent.keys()].map((c) => [c, new Uint16Array(capacity)]));
    const lastAt = new Map([...sent.keys()].map((c) => [c, new Float64Array(capacity)]));
    const pairs = [];
    let deliveriesInWindow = 0;
    for (const times of arrivals) {
      for (const [client, seen] of times) {
        const sentTimes = sent.get(client);
        const count = received.get(client);
        const last = lastAt.get(client);
        for (let clock = 0; clock < capacity; clock++) {
          const t = seen[clock];
          if (sentTimes[clock] === 0 || t === 0) continue;
          pairs.push(t - sentTimes[clock]);
          count[clock]++;
          if (t > last[clock]) last[clock] = t;
          if (t <= windowEnd) deliveriesInWindow++;
        }
      }
    }
    const fingerprints = [...new Set(editors.map((e) => JSON.stringify(bodyFingerprint(e.doc))))];
    for (const editor of editors) editor.destroy();
    editors = [];
    return {
      received: [...received],
      lastAt: [...lastAt],
      pairs: Float64Array.from(pairs),
      deliveriesInWindow,
      fingerprints,
    };
  },
};

process.on('message', (/** @type {{ command: keyof typeof commands }} */ message) => {
  Promise.resolve()
    .then(() => commands[message.command](/** @type {any} */ (message)))
    .then(
      (reply) => process.send?.({ type: 'reply', ...reply }),
      (err) =>
        process.send?.({
          type: 'error',
          message: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
});
// The parent disconnects when the round is over (or gone): providers would keep reconnecting.
process.once('disconnect', () => process.exit(0));
