import { COLLAB_PATH, collabMessageTypes } from '@lokalforum/protocol';
import * as encoding from 'lib0/encoding';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { hashToken, newToken } from '../../src/auth/tokens';
import { renderProposal } from '../../src/proposals/proposal-document';

/** Runs SQL against the test database (a DataSource's `query` or a pg client's). */
export type Sql = (sql: string, params?: unknown[]) => Promise<unknown>;

/** A new person with a bearer token and, when `slug` is given, membership of that forum. */
export async function personWithToken(
  sql: Sql,
  slug: string | null,
  name = 'Collab Person',
): Promise<{ userId: string; token: string }> {
  const email = `collab-${randomBytes(6).toString('hex')}@example.org`;
  const [user] = (await sql(`INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id`, [
    email,
    name,
  ])) as [{ id: string }];
  const token = newToken();
  await sql(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [hashToken(token), user.id],
  );
  if (slug) {
    await sql(
      `INSERT INTO memberships (forum_id, user_id, kind)
       SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [slug, user.id],
    );
  }
  return { userId: user.id, token };
}

export function collabUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${COLLAB_PATH}`;
}

export interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has synced (again). */
  synced(): Promise<void>;
  text(): string;
  destroy(): void;
}

/** The stock y-websocket provider in Node, as any third-party client would use it. */
export function openEditor(httpUrl: string, docName: string, token: string): Editor {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(httpUrl), docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    // Node has BroadcastChannel: without this, editors in one process would bypass the server.
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onSync = (synced: boolean) => {
              if (!synced) return;
              provider.off('sync', onSync);
              resolve();
            };
            provider.on('sync', onSync);
          }),
    text: () => renderProposal(doc).text,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` passes (returns without throwing), or fails with its last error. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Appends a paragraph with `text` to the body and returns its text node for further typing. */
export function addParagraph(doc: Y.Doc, text: string): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text);
  paragraph.insert(0, [content]);
  const body = doc.getXmlFragment('body');
  body.insert(body.length, [paragraph]);
  return content;
}

/** Opens a raw WebSocket; resolves with it open, or rejects with the HTTP status of a refusal. */
export function rawSocket(
  url: string,
  options: { headers?: Record<string, string> } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: options.headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new RefusedUpgrade(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export class RefusedUpgrade extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** Resolves with the close code the server sends. */
export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** A y-websocket sync message: step 1 (a state vector), step 2 or an update (a Yjs update). */
export function syncFrame(step: 'step1' | 'step2' | 'update', payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, { step1: 0, step2: 1, update: 2 }[step]);
  encoding.writeVarUint8Array(encoder, payload);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** One awareness state as the y-protocols encoding carries it (state null: the client left). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** A y-websocket awareness message carrying `entries`, as any client could send it. */
export function awarenessFrame(entries: AwarenessEntry[]): Buffer {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarString(update, JSON.stringify(entry.state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, collabMessageTypes.awareness);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return Buffer.from(encoding.toUint8Array(message));
}

/** Resolves with the close code and reason the server sends. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/**
 * Opens a raw WebSocket and tells how the server took it: `accepted` once its
 * first message (sync step 1, sent at once to every connection it keeps)
 * arrives, or the close code and reason it was closed with at once.
 */
export function connectionOutcome(
  url: string,
): Promise<{ ws: WebSocket; outcome: 'accepted' | { code: number; reason: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('message', () => resolve({ ws, outcome: 'accepted' }));
    ws.once('close', (code, reason) =>
      resolve({ ws, outcome: { code, reason: reason.toString() } }),
    );
    ws.once('unexpected-response', (_req, res) => {
      reject(new RefusedUpgrade(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}
