import { type ProposalDetail, collabCloseCodes, proposalDocName } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { IncomingUpdate } from '../src/collab/incoming-update';
import { loadConfig } from '../src/config/config';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  closeCode,
  collabUrl,
  eventually,
  openEditor,
  personWithToken,
  rawSocket,
  syncFrame,
} from './support/collab';
import { db } from './support/factories';

/** Small enough that a test can fill a document. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

let server: RunningServer;
let api: ApiClient;
const editors: Editor[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({
    collab: { ...loadConfig({}).collab, maxDocumentBytes: MAX_DOCUMENT_BYTES },
  });
  api = apiClient(server.url);
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

function editor(docName: string, token: string): Editor {
  const e = openEditor(server.url, docName, token);
  editors.push(e);
  return e;
}

async function socket(docName: string, token: string): Promise<WebSocket> {
  const ws = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${token}`);
  sockets.push(ws);
  return ws;
}

async function newProposal() {
  const author = await personWithToken(sql, 'tuse-naes', 'Forslagsstiller');
  const res = await api.post<ProposalDetail>('/api/forums/tuse-naes/proposals', {
    token: author.token,
    body: { title: 'Ny sti langs fjorden' },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, author, docName: proposalDocName(res.body.id) };
}

/** A client's copy of what `editor` has, to craft updates from. */
function copyOf(source: Editor): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source.doc));
  return doc;
}

/** Exactly the update `change` makes, as a connected client sends it. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.transact(change);
  return Y.encodeStateAsUpdate(doc, before);
}

/** The text of the body's first paragraph. */
function paragraphText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment('body').get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

function nestedQuotes(doc: Y.Doc, levels: number): void {
  let parent: Y.XmlFragment = doc.getXmlFragment('body');
  for (let i = 0; i < levels; i++) {
    const quote = new Y.XmlElement('blockquote');
    parent.insert(0, [quote]);
    parent = quote;
  }
}

/** Sends `frames` and resolves with the close code, or null if the socket is still open after `ms`. */
async function closedAfter(ws: WebSocket, frames: Buffer[], ms = 500): Promise<number | null> {
  const closed = closeCode(ws);
  for (const frame of frames) ws.send(frame);
  return Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
}

describe('updates that would break the service', () => {
  it('refuses 8,000 nested quotes with 4422, and the server and other editors carry on', async () => {
    const { id, author, docName } = await newProposal();
    const a = editor(docName, author.token);
    const b = editor(docName, author.token);
    await Promise.all([a.synced(), b.synced()]);
    const attacker = copyOf(a);
    const deep = updateOf(attacker, () => nestedQuotes(attacker, 8000));
    // The reported attack was about 170 KB; the exact size varies a little with the random
    // client id (a varint of one to five bytes, repeated in the update).
    expect(deep.length).toBeGreaterThan(150_000);

    const ws = await socket(docName, author.token);
    expect(await closedAfter(ws, [syncFrame('update', deep)], 5000)).toBe(
      collabCloseCodes.schemaViolation,
    );
    // Past the 100 ms render timer that crashed the process.
    await new Promise((r) => setTimeout(r, 300));
    addParagraph(a.doc, 'stadig her');
    await eventually(() => expect(b.text()).toContain('stadig her'));
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.text).toContain('stadig her');
    });
    expect(
      b.doc
        .getXmlFragment('body')
        .toArray()
        .map((n) => (n as Y.XmlElement).nodeName),
    ).toEqual(['paragraph']);
  });

  it('takes quotes and lists as deep as COLLAB_MAX_DEPTH and refuses one level more', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    const client = copyOf(a);
    const ws = await socket(docName, author.token);
    expect(
      await closedAfter(ws, [
        syncFrame(
          'update',
          updateOf(client, () => nestedQuotes(client, 16)),
        ),
      ]),
    ).toBeNull();
    const deeper = copyOf(a);
    await eventually(() => expect(a.doc.getXmlFragment('body').length).toBe(1));
    Y.applyUpdate(deeper, Y.encodeStateAsUpdate(a.doc));
    let innermost = deeper.getXmlFragment('body').get(0) as Y.XmlElement;
    while (innermost.length > 0) innermost = innermost.get(0) as Y.XmlElement;
    const tooDeep = updateOf(deeper, () => innermost.insert(0, [new Y.XmlElement('paragraph')]));
    const ws2 = await socket(docName, author.token);
    expect(await closedAfter(ws2, [syncFrame('update', tooDeep)])).toBe(
      collabCloseCodes.schemaViolation,
    );
  });

  it('refuses the split update that walked around the check, and keeps its content out', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    const attacker = copyOf(a);
    const body = attacker.getXmlFragment('body');
    const nodeA = updateOf(attacker, () => body.insert(0, [new Y.XmlElement('paragraph')]));
    // Item B: raw content whose left neighbour is A, which the server does not have yet.
    const rawB = updateOf(attacker, () =>
      body.insert(1, ['rå tekst i body' as unknown as Y.XmlText]),
    );

    const ws = await socket(docName, author.token);
    expect(await closedAfter(ws, [syncFrame('update', rawB), syncFrame('update', nodeA)])).toBe(
      collabCloseCodes.schemaViolation,
    );
    const fresh = editor(docName, author.token);
    await fresh.synced();
    expect(fresh.doc.getXmlFragment('body').length).toBe(0);
    const stored = (await sql(
      `SELECT count(*)::int AS n FROM proposal_updates u JOIN proposals p ON p.id = u.proposal_id
        WHERE p.id = $1`,
      [docName.slice('proposal:'.length)],
    )) as [{ n: number }];
    expect(stored[0].n).toBe(0);
  });

  it('holds what a client types before its sync step 2 arrives, and applies both', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    const offline = copyOf(a);
    const body = offline.getXmlFragment('body');
    const before = Y.encodeStateVector(offline);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    offline.transact(() => {
      text.insert(0, 'skrevet offline');
      paragraph.insert(0, [text]);
      body.insert(0, [paragraph]);
    });
    const step2 = Y.encodeStateAsUpdate(offline, before);
    const typed = updateOf(offline, () => text.insert(text.length, ', og lige efter'));

    const ws = await socket(docName, author.token);
    expect(
      await closedAfter(ws, [syncFrame('update', typed), syncFrame('step2', step2)]),
    ).toBeNull();
    await eventually(() => expect(a.text()).toContain('skrevet offline, og lige efter'));
  });
});

describe('content the rules leave out', () => {
  const cases: [string, (doc: Y.Doc) => void][] = [
    ['a 300,000-character title', (doc) => doc.getText('title').insert(0, 'x'.repeat(300_000))],
    ['a title of 201 characters', (doc) => doc.getText('title').insert(0, 'x'.repeat(201))],
    ['a summary of 2,001 characters', (doc) => doc.getText('summary').insert(0, 'y'.repeat(2001))],
    ['NUL in the body', (doc) => withText(doc, 'før\u0000efter')],
    [
      'a javascript: link',
      (doc) => withText(doc, 'klik', { link: { href: 'javascript:alert(1)' } }),
    ],
    ['a data: link', (doc) => withText(doc, 'klik', { link: { href: 'data:text/html,<b>x</b>' } })],
    [
      'an onclick attribute',
      (doc) => {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('onclick', 'alert(1)');
        doc.getXmlFragment('body').insert(0, [p]);
      },
    ],
    [
      'a 3,000-deep array as a paragraph attribute',
      (doc) => {
        let deep: unknown = [];
        for (let i = 0; i < 3000; i++) deep = [deep];
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('data', deep as string);
        doc.getXmlFragment('body').insert(0, [p]);
      },
    ],
  ];

  it.each(cases)('refuses %s with 4422 and stores none of it', async (_what, change) => {
    const { id, author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    const client = copyOf(a);
    const ws = await socket(docName, author.token);
    expect(
      await closedAfter(ws, [
        syncFrame(
          'update',
          updateOf(client, () => change(client)),
        ),
      ]),
    ).toBe(collabCloseCodes.schemaViolation);
    addParagraph(a.doc, 'senere');
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.body.text).toBe('Ny sti langs fjorden\n\nsenere');
      expect(JSON.stringify(res.body.body)).not.toMatch(/javascript|data:|onclick/);
    });
  });

  it('refuses keystrokes the rules leave out, though keystrokes take a short way: a control character, a title over 200', async () => {
    const { id, author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    addParagraph(a.doc, 'tekst');
    const title = a.doc.getText('title');
    title.insert(title.length, 'x'.repeat(200 - title.length));
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.body.text).toBe(`${'Ny sti langs fjorden'.padEnd(200, 'x')}\n\ntekst`);
    });
    const keystrokes: [string, (doc: Y.Doc) => void][] = [
      ['a control character', (doc) => paragraphText(doc).insert(5, '\u0007')],
      ['a bidi override', (doc) => paragraphText(doc).insert(5, '\u202e')],
      ['a 201st character of the title', (doc) => doc.getText('title').insert(200, 'y')],
    ];
    for (const [what, change] of keystrokes) {
      const client = copyOf(a);
      const update = updateOf(client, () => change(client));
      // Read as a keystroke, so this is the short way's check.
      expect(IncomingUpdate.keystroke(copyOf(a), update), what).not.toBeNull();
      const ws = await socket(docName, author.token);
      expect(await closedAfter(ws, [syncFrame('update', update)]), what).toBe(
        collabCloseCodes.schemaViolation,
      );
    }
    // An allowed keystroke from a raw socket goes through, and nothing refused came with it.
    const client = copyOf(a);
    const ws = await socket(docName, author.token);
    ws.send(
      syncFrame(
        'update',
        updateOf(client, () => paragraphText(client).insert(5, '!')),
      ),
    );
    await eventually(() => expect(paragraphText(a.doc).toString()).toBe('tekst!'));
    expect(a.doc.getText('title').length).toBe(200);
  });

  it('refuses an update that would grow the document past COLLAB_MAX_DOCUMENT_BYTES, not deletions', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    for (let i = 0; i < 4; i++) addParagraph(a.doc, `${i}:${'z'.repeat(50_000)}`);
    await eventually(async () => {
      const rows = (await sql(
        // Stored means in the log or, once the log outgrew it, compacted into the snapshot.
        `SELECT ((SELECT coalesce(sum(length(update)), 0) FROM proposal_updates WHERE proposal_id = $1)
               + (SELECT coalesce(sum(length(state)), 0) FROM proposal_snapshots WHERE proposal_id = $1))::int AS n`,
        [docName.slice('proposal:'.length)],
      )) as [{ n: number }];
      expect(rows[0].n).toBeGreaterThan(200_000);
    });
    const client = copyOf(a);
    const tooMuch = updateOf(client, () => addParagraph(client, 'w'.repeat(70_000)));
    const ws = await socket(docName, author.token);
    expect(await closedAfter(ws, [syncFrame('update', tooMuch)])).toBe(
      collabCloseCodes.schemaViolation,
    );
    const shrinking = copyOf(a);
    const deletion = updateOf(shrinking, () => shrinking.getXmlFragment('body').delete(0, 2));
    const ws2 = await socket(docName, author.token);
    expect(await closedAfter(ws2, [syncFrame('update', deletion)])).toBeNull();
    await eventually(() => expect(a.doc.getXmlFragment('body').length).toBe(2));
    // With room again, editing goes on.
    addParagraph(a.doc, 'plads igen');
    const b = editor(docName, author.token);
    await eventually(() => expect(b.text()).toContain('plads igen'));
  });
});

describe('sync replies', () => {
  it('answer a burst of sync requests with a few documents’ worth, then close', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    addParagraph(a.doc, 'q'.repeat(100_000));
    const ws = await socket(docName, author.token);
    await eventually(() => expect(Y.encodeStateAsUpdate(a.doc).length).toBeGreaterThan(100_000));
    let received = 0;
    ws.on('message', (data: Buffer) => (received += data.length));
    const request = syncFrame('step1', Y.encodeStateVector(new Y.Doc()));
    const code = await closedAfter(
      ws,
      Array.from({ length: 100 }, () => request),
      5000,
    );
    expect(code).toBe(collabCloseCodes.badMessage);
    // 100 answers would be 10 MB.
    expect(received).toBeLessThan(4 * MAX_DOCUMENT_BYTES);
    expect(received).toBeGreaterThan(100_000);
  });
});

function withText(doc: Y.Doc, text: string, marks?: Record<string, object>): void {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, marks);
  p.insert(0, [t]);
  doc.getXmlFragment('body').insert(0, [p]);
}
