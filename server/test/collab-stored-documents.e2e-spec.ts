import { type ProposalDetail, type ProposalVersion, proposalDocName } from '@lokalforum/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { applyStoredUpdates } from '../src/common/stored-updates';
import { apiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  collabUrl,
  eventually,
  openEditor,
  personWithToken,
  rawSocket,
  syncFrame,
} from './support/collab';
import { db } from './support/factories';

/**
 * Documents stored before today's checks existed, written straight into
 * PostgreSQL as an older server would have accepted them: they must load,
 * render what the rules allow, answer 200, freeze, and survive a restart.
 */

let server: RunningServer;
const editors: Editor[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);
const api = () => apiClient(server.url);

function editor(docName: string, token: string): Editor {
  const e = openEditor(server.url, docName, token);
  editors.push(e);
  return e;
}

/** A new proposal, and its stored state as a Y.Doc to build a legacy document on. */
async function storedProposal(title: string) {
  const author = await personWithToken(sql, 'jyderup', 'Forfatter');
  const res = await api().post<ProposalDetail>('/api/forums/jyderup/proposals', {
    token: author.token,
    body: { title },
  });
  expect(res.status).toBe(201);
  const [row] = (await sql(`SELECT state FROM proposal_snapshots WHERE proposal_id = $1`, [
    res.body.id,
  ])) as [{ state: Buffer }];
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(row.state));
  return { id: res.body.id, docName: proposalDocName(res.body.id), author, doc };
}

/** Appends `updates` to the proposal's stored log, as if an older server had accepted them. */
async function storeLegacy(id: string, updates: Uint8Array[]): Promise<void> {
  for (const update of updates) {
    await sql(`INSERT INTO proposal_updates (proposal_id, update) VALUES ($1, $2)`, [
      id,
      Buffer.from(update),
    ]);
  }
}

function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.transact(change);
  return Y.encodeStateAsUpdate(doc, before);
}

function nestedQuotes(doc: Y.Doc, levels: number, innermost: string): void {
  let parent: Y.XmlFragment = doc.getXmlFragment('body');
  for (let i = 0; i < levels; i++) {
    const quote = new Y.XmlElement('blockquote');
    parent.insert(0, [quote]);
    parent = quote;
  }
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, innermost);
  p.insert(0, [t]);
  parent.insert(0, [p]);
}

/** An update that only deletes `id` (Yjs itself would overflow its stack making it for a deep tree). */
function deletion(id: Y.ID): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, id.clock);
  encoding.writeVarUint(encoder, 1);
  return encoding.toUint8Array(encoder);
}

/** Opens, edits, freezes: what every member does with a proposal. */
async function useIt(id: string, docName: string, token: string, line: string) {
  const e = editor(docName, token);
  await within(e.synced(), 20_000);
  addParagraph(e.doc, line);
  await eventually(async () => {
    const res = await api().get<ProposalDetail>(`/api/proposals/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.text).toContain(line);
  });
  const frozen = await api().post<ProposalVersion>(`/api/proposals/${id}/versions`, { token });
  expect(frozen.status).toBe(201);
  expect(frozen.body.text).toContain(line);
  return frozen.body;
}

/** Resolves with the payload of the next sync step 2 the server sends on `ws`. */
function nextSyncStep2(ws: WebSocket): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return;
      ws.off('message', onMessage);
      resolve(decoding.readVarUint8Array(decoder));
    };
    ws.on('message', onMessage);
  });
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
  ]);
}

async function restart(): Promise<void> {
  for (const editor of editors.splice(0)) editor.destroy();
  await server.close();
  server = await startTestServer();
}

describe('documents stored before the checks', () => {
  it('loads one whose 8,000-deep tree was deleted, and keeps loading it after a restart', async () => {
    const { id, docName, author, doc } = await storedProposal('Dybt træ, slettet');
    const start = Y.encodeStateAsUpdate(doc);
    const deep = updateOf(doc, () => nestedQuotes(doc, 8000, 'bunden'));
    const top = (doc.getXmlFragment('body').get(0) as Y.XmlElement)._item!.id;
    const survivor = updateOf(doc, () => addParagraph(doc, 'overlevede'));
    await storeLegacy(id, [deep, deletion(top), survivor]);

    // Yjs overflows applying that deletion anywhere, so this client speaks the protocol by hand.
    const local = new Y.Doc();
    applyStoredUpdates(local, [start, deep, deletion(top), survivor], null);
    const edit = updateOf(local, () => addParagraph(local, 'redigeret bagefter'));
    const ws = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${author.token}`);
    const state = nextSyncStep2(ws);
    ws.send(syncFrame('step1', new Uint8Array([0])));
    expect((await state).length).toBeGreaterThan(100_000);
    ws.send(syncFrame('update', edit));
    await eventually(async () => {
      const res = await api().get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.text).toBe('Dybt træ, slettet\n\noverlevede\nredigeret bagefter');
    });
    const frozen = await api().post<ProposalVersion>(`/api/proposals/${id}/versions`, {
      token: author.token,
    });
    expect(frozen.status).toBe(201);
    expect(frozen.body.text).toBe('Dybt træ, slettet\n\noverlevede\nredigeret bagefter');
    ws.terminate();

    await restart();
    const again = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${author.token}`);
    const reloaded = nextSyncStep2(again);
    again.send(syncFrame('step1', new Uint8Array([0])));
    const copy = new Y.Doc();
    applyStoredUpdates(copy, [await reloaded], null);
    expect(copy.getXmlFragment('body').toJSON()).toContain('redigeret bagefter');
    again.terminate();
  });

  it('answers 200 for one too deep, too long and full of what links and attributes may not hold', async () => {
    const { id, docName, author, doc } = await storedProposal('Alt det forbudte');
    let deepArray: unknown = [];
    for (let i = 0; i < 3000; i++) deepArray = [deepArray];
    const bad = updateOf(doc, () => {
      nestedQuotes(doc, 8000, 'bunden');
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('onclick', 'alert(1)');
      p.setAttribute('data', deepArray as string);
      const t = new Y.XmlText();
      t.insert(0, 'klik\u0000her', { link: { href: 'javascript:alert(document.cookie)' } });
      p.insert(0, [t]);
      doc.getXmlFragment('body').insert(1, [p]);
      doc.getText('title').insert(0, 'x'.repeat(300_000));
    });
    // What the split update left behind: an item waiting for a neighbour that never came.
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(doc));
    const body = attacker.getXmlFragment('body');
    updateOf(attacker, () => body.insert(0, [new Y.XmlElement('paragraph')]));
    const orphan = updateOf(attacker, () => body.insert(1, ['rå' as unknown as Y.XmlText]));
    await storeLegacy(id, [bad, orphan]);
    // The derived row as the old renderer stored it.
    await sql(`UPDATE proposals SET body_json = $2 WHERE id = $1`, [
      id,
      JSON.stringify({
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            attrs: { onclick: 'alert(1)' },
            content: [
              {
                type: 'text',
                text: 'klik',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ],
      }),
    ]);

    const before = await api().get<ProposalDetail>(`/api/proposals/${id}`);
    expect(before.status).toBe(200);
    expect(JSON.stringify(before.body.body)).not.toMatch(/javascript|onclick/);

    const version = await useIt(id, docName, author.token, 'stadig redigerbart');
    for (const shown of [
      (await api().get<ProposalDetail>(`/api/proposals/${id}`)).body,
      (await api().get<ProposalVersion>(`/api/proposals/${id}/versions/${version.number}`)).body,
    ]) {
      expect(shown.title).toBe('x'.repeat(200));
      expect(JSON.stringify(shown.body)).not.toMatch(/javascript|onclick|data|rå/);
      expect(shown.text).toContain('klikher');
      expect(shown.text).not.toContain('\u0000');
      expect(shown.text).not.toContain('bunden');
    }
    const list = await api().get<{ title: string }[]>('/api/forums/jyderup/proposals');
    expect(list.body.find((p) => p.title.startsWith('xxx'))?.title).toHaveLength(200);

    await restart();
    const again = editor(docName, author.token);
    await within(again.synced(), 20_000);
    expect(again.text()).toContain('stadig redigerbart');
    expect((await api().get(`/api/proposals/${id}`)).status).toBe(200);
  });
});
