/**
 * The load generator of the load-time phase: a child process (forked by
 * load-phase.mjs) holding the editors, so its CPU is not counted as the
 * server's. It gets one job over IPC and sends back one result. Mode 'edits'
 * makes the 10,000-edit document; mode 'open' times fresh providers opening
 * it. (The latency rounds have their own generator, latency-generator.mjs.)
 */
import * as Y from 'yjs';
import {
  LETTERS,
  addParagraph,
  bodyFingerprint,
  openEditor,
  until,
  withTimeout,
} from '../lib/editor.mjs';

// Each stock provider adds a process 'exit' listener in Node; 50 of them are expected here.
process.setMaxListeners(0);

/** @param {object} message */
const send = (message) => process.send?.(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {object} Job
 * @property {'edits' | 'open'} mode
 * @property {string} collabUrl
 * @property {string} docName
 * @property {string[]} tokens  one per editor
 * @property {number} rate  edits per second per editor (mode 'edits')
 * @property {number} [connectSpreadS]  editors join evenly over this many seconds
 * @property {number} edits  total edits (mode 'edits')
 * @property {'typing' | 'scattered'} pattern  how the edits are placed (mode 'edits')
 * @property {number} repeats  opens (mode 'open')
 * @property {number} waitMs  before each open (mode 'open')
 * @property {number} warmUpWith  edits in the warm-up document (mode 'open')
 */

process.once('message', (/** @type {Job} */ job) => {
  const run = { edits: makeEdits, open: openRepeatedly }[job.mode];
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

/** Connects every editor and gives each its own paragraph; resolves when all see all paragraphs. */
async function connectAll(job, counters) {
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
  const texts = editors.map((e) => addParagraph(e.doc));
  const expected = before + editors.length;
  const all = await until(
    () => editors.every((e) => e.doc.getXmlFragment('body').length >= expected),
    30_000,
  );
  if (!all) throw new Error('Editors did not all see every paragraph within 30 s');
  return { editors, texts };
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
