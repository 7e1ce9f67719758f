import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import { expect } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../../src/app';
import { hashToken, newToken } from '../../src/auth/tokens';
import { updateMessage } from '../../src/collab/collab-messages';
import { apiClient } from './app';
import { type Editor, type Sql, addParagraph, collabUrl, rawSocket } from './collab';

/** A proposal in `slug`, started over REST by `author`. */
export async function startProposal(server: RunningServer, slug: string, token: string) {
  const res = await apiClient(server.url).post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token,
    body: { title: 'Legeplads ved hallen' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { proposal: res.body, docName: proposalDocName(res.body.id) };
}

/** A raw /collab connection that remembers how, and when, the server closed it. */
export interface RawEditor {
  ws: WebSocket;
  /** Resolves with the close code and the time it arrived; rejects after 5 s without. */
  closed: Promise<{ code: number; at: number }>;
  /** Sends a paragraph as a Yjs update built on `base`'s state; never throws. */
  sendParagraph(base: Y.Doc, text: string): void;
  /** Sends one Yjs update as is; never throws. */
  sendUpdate(update: Uint8Array): void;
}

export async function openRawEditor(
  server: RunningServer,
  docName: string,
  token: string,
): Promise<RawEditor> {
  const ws = await rawSocket(`${collabUrl(server.url)}/${docName}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const closed = new Promise<{ code: number; at: number }>((resolve, reject) => {
    const late = setTimeout(() => reject(new Error('the server did not close it')), 5_000);
    ws.once('close', (code) => {
      clearTimeout(late);
      resolve({ code, at: Date.now() });
    });
  });
  closed.catch(() => undefined);
  return {
    ws,
    closed,
    sendParagraph(base, text) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      let update: Uint8Array | null = null;
      doc.on('update', (u: Uint8Array) => (update = u));
      addParagraph(doc, text);
      doc.destroy();
      // The client may already have seen the close; what matters is what the server does.
      ws.send(updateMessage(update!), () => undefined);
    },
    sendUpdate(update) {
      ws.send(updateMessage(update), () => undefined);
    },
  };
}

/** The close codes a stock provider has seen, in order. */
export function closeCodes(editor: Editor): number[] {
  const codes: number[] = [];
  editor.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** Who the store lists as authors of a proposal. */
export async function authorIds(sql: Sql, proposalId: string): Promise<string[]> {
  const rows = (await sql(`SELECT user_id FROM proposal_authors WHERE proposal_id = $1`, [
    proposalId,
  ])) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

/** A second session for `userId` that expires `ms` from now. */
export async function sessionExpiringIn(
  sql: Sql,
  userId: string,
  ms: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = Date.now() + ms;
  await sql(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
    hashToken(token),
    userId,
    new Date(expiresAt),
  ]);
  return { token, expiresAt };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
