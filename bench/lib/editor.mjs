import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * Traffic seen by all editors of this process.
 * @typedef {{ messages: number, bytes: number, closes: number }} Counters
 */

/**
 * The `ws` client with counters, passed to the stock provider as its
 * WebSocket class: the provider stays unchanged, we only listen alongside it.
 * @param {Counters} counters
 */
function countingWebSocket(counters) {
  return class CountingWebSocket extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        counters.messages++;
        counters.bytes += /** @type {ArrayBuffer} */ (event.data).byteLength ?? 0;
      });
      this.addEventListener('close', () => counters.closes++);
    }
  };
}

/**
 * @typedef {object} Editor
 * @property {Y.Doc} doc
 * @property {WebsocketProvider} provider
 * @property {() => Promise<void>} synced
 * @property {() => void} destroy
 */

/**
 * One stock y-websocket provider in Node, as tests and third-party clients use it.
 * @param {string} collabUrl  ws://host:port/collab
 * @param {string} docName
 * @param {string} token  sent as ?token= (the reference server ignores it)
 * @param {Counters} counters
 * @returns {Editor}
 */
export function openEditor(collabUrl, docName, token, counters) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl, docName, doc, {
    WebSocketPolyfill: /** @type {any} */ (countingWebSocket(counters)),
    params: { token },
    // Node has BroadcastChannel: without this, editors in one process would bypass the server.
    disableBc: true,
    maxBackoffTime: 1_000,
  });
  return {
    doc,
    provider,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onSync = (/** @type {boolean} */ synced) => {
              if (!synced) return;
              provider.off('sync', onSync);
              resolve();
            };
            provider.on('sync', onSync);
          }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Appends an empty paragraph to the body and returns its text: the layout
 * the server enforces (body = XmlFragment of TipTap nodes), where a real
 * editor's keystrokes go.
 * @param {Y.Doc} doc
 */
export function addParagraph(doc) {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const body = doc.getXmlFragment('body');
  body.insert(body.length, [paragraph]);
  return text;
}

/** Waits until `check()` is true, polling; false after `timeoutMs`. */
export async function until(check, timeoutMs, everyMs = 20) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/**
 * A fingerprint of a document's content, to compare copies (also across
 * Yjs builds: the server's CommonJS one renders the body the same way).
 * @param {{ getXmlFragment(name: string): { toString(): string } }} doc
 */
export function bodyFingerprint(doc) {
  const body = doc.getXmlFragment('body').toString();
  return { chars: body.length, sha1: createHash('sha1').update(body).digest('hex').slice(0, 12) };
}

/** What the benchmark editors type. */
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz æøå';

/**
 * The next clock of this document's own client: a keystroke (one character
 * in one transaction) advances it by exactly one.
 * @param {Y.Doc} doc
 */
export function nextClock(doc) {
  return Y.getState(doc.store, doc.clientID);
}

/**
 * `promise`, or an error after `ms` (the timer is cleared either way, so a
 * long run is not ended by a timeout of a step that finished long ago).
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {() => string} message
 * @returns {Promise<T>}
 */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
