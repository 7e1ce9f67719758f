/**
 * The editors of the chaos run: a child process (forked by run.mjs), apart
 * from the server that keeps being killed, holding one stock y-websocket
 * provider per editor. Each editor types numbered words into its own
 * paragraph and keeps typing while the server is down, as a person would;
 * the provider resends what the server lacks when it reconnects.
 *
 * Messages from the parent: `{ type: 'start', job }`, `{ type: 'count' }`
 * (answered with the words typed so far), `{ type: 'await-sync' }`
 * (answered `synced` once every provider has synced again) and
 * `{ type: 'stop' }` (answered `result` once all copies converge, or not).
 */
import { addParagraph, bodyFingerprint, openEditor, until } from '../lib/editor.mjs';
import * as Y from 'yjs';
import { word as wordOf, wordsIn } from './words.mjs';

// Each stock provider adds a process 'exit' listener in Node; 20 or more are expected here.
process.setMaxListeners(0);

/** @param {object} message */
const send = (message) => process.send?.(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @type {import('../lib/editor.mjs').Editor[]} */
let editors = [];
/** Every word each editor typed, in order. */
let typed = [];
let typing = false;
/** @type {Promise<void>[]} */
let loops = [];
const counters = { messages: 0, bytes: 0, closes: 0 };

process.on('message', (message) => {
  const handle = { start, count, 'await-sync': awaitSync, stop }[message.type];
  handle(message.job).catch((err) =>
    send({
      type: 'error',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }),
  );
});

/**
 * @param {{ collabUrl: string, docName: string, tokens: string[], rate: number }} job
 */
async function start(job) {
  editors = job.tokens.map((token) => openEditor(job.collabUrl, job.docName, token, counters));
  await Promise.all(editors.map((e) => e.synced()));
  typed = editors.map(() => []);
  const texts = editors.map((e) => addParagraph(e.doc));
  typing = true;
  const everyMs = 1000 / job.rate;
  loops = editors.map(async (_, i) => {
    // Spread the editors out, and ±50 % jitter on every word, as people type.
    await sleep(Math.random() * everyMs);
    for (let n = 0; typing; n++) {
      const word = wordOf(i, n);
      texts[i].insert(texts[i].length, word);
      typed[i].push(word);
      await sleep(everyMs * (0.5 + Math.random()));
    }
  });
  send({ type: 'started' });
}

/** How many words have been typed so far (asked the moment the server is killed). */
async function count() {
  send({ type: 'count', typed: typed.reduce((n, words) => n + words.length, 0) });
}

/** Resolves once every provider is connected and synced (after a restart of the server). */
async function awaitSync() {
  const started = performance.now();
  const all = await until(() => editors.every((e) => e.provider.synced), 60_000, 10);
  send({
    type: 'synced',
    ok: all,
    ms: performance.now() - started,
    typed: typed.reduce((n, words) => n + words.length, 0),
  });
}

/** Stops typing, then waits until every copy is the same and holds every word typed anywhere. */
async function stop() {
  typing = false;
  await Promise.all(loops);
  const words = typed.flat();
  const started = performance.now();
  const missingIn = (editor) => {
    const present = wordsIn(editor.doc.getXmlFragment('body').toString());
    return words.filter((word) => !present.has(word)).length;
  };
  // Cheap first (state vectors), then the words: a check of every word in every copy costs.
  const converged = await until(
    () => {
      if (!editors.every((e) => e.provider.synced)) return false;
      const vectors = new Set(
        editors.map((e) => Buffer.from(Y.encodeStateVector(e.doc)).toString('hex')),
      );
      if (vectors.size !== 1) return false;
      const prints = new Set(editors.map((e) => bodyFingerprint(e.doc).sha1));
      return prints.size === 1 && missingIn(editors[0]) === 0;
    },
    60_000,
    50,
  );
  const convergeMs = performance.now() - started;
  const fingerprints = [...new Set(editors.map((e) => bodyFingerprint(e.doc).sha1))];
  const missing = editors.map(missingIn);
  send({
    type: 'result',
    result: {
      typed: typed.map((w) => w.length),
      words,
      converged,
      convergeMs,
      fingerprints,
      missing,
      closes: counters.closes,
      body: editors[0]?.doc.getXmlFragment('body').toString() ?? '',
    },
  });
  for (const editor of editors) editor.destroy();
  process.once('disconnect', () => process.exit(0));
}
