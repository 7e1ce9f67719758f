import { type ProposalDetail, collabCloseCodes, proposalDocName } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
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
  RefusedUpgrade,
} from './support/collab';
import { db } from './support/factories';

let server: RunningServer;
let api: ApiClient;
const editors: Editor[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

function editor(docName: string, token: string): Editor {
  const e = openEditor(server.url, docName, token);
  editors.push(e);
  return e;
}

/** A new proposal in `slug`, started by a new member. */
async function newProposal(slug = 'jyderup') {
  const author = await personWithToken(sql, slug, 'Forslagsstiller');
  const res = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: author.token,
    body: { title: 'Bænke ved søen' },
  });
  expect(res.status).toBe(201);
  return { proposal: res.body, author, docName: proposalDocName(res.body.id) };
}

describe('co-editing with stock y-websocket providers', () => {
  it('lets two members converge on the same text, and stores it', async () => {
    const { proposal, author, docName } = await newProposal();
    const other = await personWithToken(sql, 'jyderup');
    const a = editor(docName, author.token);
    const b = editor(docName, other.token);
    await Promise.all([a.synced(), b.synced()]);
    expect(a.doc.getText('title').toJSON()).toBe('Bænke ved søen');

    addParagraph(a.doc, 'Vi ønsker tre bænke.');
    b.doc.getText('summary').insert(0, 'Kort sagt: bænke');
    await eventually(() => {
      expect(a.text()).toBe(b.text());
      expect(a.text()).toContain('Vi ønsker tre bænke.');
      expect(a.text()).toContain('Kort sagt: bænke');
    });
    const expected = a.text();
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
      expect(res.body.text).toBe(expected);
      expect(res.body.summary).toBe('Kort sagt: bænke');
      expect(res.body.authors.map((p) => p.userId).sort()).toEqual(
        [author.userId, other.userId].sort(),
      );
    });
  });
});

/** A pseudo-random generator with a seed, so a failing run can be repeated. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state % n;
  };
}

function randomEdit(doc: Y.Doc, pick: (n: number) => number, who: number): void {
  const body = doc.getXmlFragment('body');
  const paragraphs = body.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const roll = pick(10);
  if (roll === 0 || paragraphs.length === 0) {
    addParagraph(doc, `p${who}`);
    return;
  }
  if (roll === 1) {
    const title = doc.getText('title');
    title.insert(pick(title.length + 1), String.fromCharCode(97 + pick(26)));
    return;
  }
  const text = paragraphs[pick(paragraphs.length)]!.get(0);
  if (!(text instanceof Y.XmlText)) return;
  if (roll === 2 && text.length > 2) {
    text.delete(pick(text.length - 1), 1 + pick(2));
  } else if (roll === 3 && text.length > 2) {
    text.format(pick(text.length - 1), 1, { bold: {} });
  } else {
    text.insert(pick(text.length + 1), `${who}${String.fromCharCode(97 + pick(26))}`);
  }
}

describe('many editors at once', () => {
  it('converges 20 providers making random concurrent edits, and stores that text', async () => {
    const { proposal, docName } = await newProposal('tuse');
    const people = await Promise.all(
      Array.from({ length: 20 }, () => personWithToken(sql, 'tuse')),
    );
    // Each y-websocket provider adds a process 'exit' listener; 20 are expected here.
    const maxListeners = process.getMaxListeners();
    process.setMaxListeners(maxListeners + 20);
    onTestFinished(() => {
      process.setMaxListeners(maxListeners);
    });
    const crowd = people.map((p) => editor(docName, p.token));
    await Promise.all(crowd.map((e) => e.synced()));

    await Promise.all(
      crowd.map(async (e, who) => {
        const pick = random(1000 + who);
        for (let i = 0; i < 25; i++) {
          randomEdit(e.doc, pick, who);
          await new Promise((r) => setTimeout(r, pick(8)));
        }
      }),
    );

    const expected = await eventually(() => {
      const texts = new Set(crowd.map((e) => e.text()));
      expect(texts.size).toBe(1);
      return crowd[0]!.text();
    }, 20_000);
    expect(expected.length).toBeGreaterThan(100);
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
      expect(res.body.text).toBe(expected);
      expect(res.body.authors).toHaveLength(21);
    });
  });
});

describe('who may edit', () => {
  it('gives a non-member the document and live updates, but drops what they send', async () => {
    const { proposal, author, docName } = await newProposal();
    const outsider = await personWithToken(sql, null, 'Nabo');
    const writer = editor(docName, author.token);
    const reader = editor(docName, outsider.token);
    await Promise.all([writer.synced(), reader.synced()]);

    addParagraph(writer.doc, 'Fra et medlem');
    await eventually(() => expect(reader.text()).toContain('Fra et medlem'));

    addParagraph(reader.doc, 'Fra en udenforstående');
    reader.doc.getText('title').insert(0, 'KAPRET ');
    addParagraph(writer.doc, 'Mere fra medlemmet');
    await eventually(() => expect(reader.text()).toContain('Mere fra medlemmet'));
    // The reader stays connected; nothing it typed reached the server or the member.
    expect(reader.provider.wsconnected).toBe(true);
    const late = editor(docName, author.token);
    await late.synced();
    await eventually(async () => {
      const res = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
      expect(res.body.text).toContain('Mere fra medlemmet');
      expect(res.body.text).not.toContain('udenforstående');
      expect(res.body.title).toBe('Bænke ved søen');
    });
    for (const e of [writer, late]) {
      expect(e.text()).not.toContain('udenforstående');
      expect(e.text()).not.toContain('KAPRET');
    }
    const seen = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`, {
      token: outsider.token,
    });
    expect(seen.body.permissions).toEqual({ edit: false, freeze: false });
  });
});

describe('the upgrade', () => {
  it('refuses without a valid session, from a foreign Origin, and for unknown documents', async () => {
    const { author, docName } = await newProposal();
    const base = collabUrl(server.url);
    const status = (url: string, headers?: Record<string, string>) =>
      rawSocket(url, { headers }).then(
        (ws) => {
          ws.terminate();
          return 101;
        },
        (err: unknown) => (err instanceof RefusedUpgrade ? err.status : -1),
      );

    expect(await status(`${base}/${docName}`)).toBe(401);
    expect(await status(`${base}/${docName}?token=not-a-real-token`)).toBe(401);
    expect(await status(`${base}/${docName}`, { authorization: 'Bearer nope' })).toBe(401);
    expect(
      await status(`${base}/${docName}?token=${author.token}`, { origin: 'https://evil.example' }),
    ).toBe(403);
    expect(
      await status(`${base}/proposal:00000000-0000-4000-8000-000000000000?token=${author.token}`),
    ).toBe(404);
    expect(await status(`${base}/whatever?token=${author.token}`)).toBe(404);

    // The session cookie (browsers), a bearer header, or ?token= all work; so does the site's own Origin.
    const host = new URL(server.url).host;
    expect(
      await status(`${base}/${docName}`, {
        cookie: `lf_session=${author.token}`,
        origin: `http://${host}`,
      }),
    ).toBe(101);
    expect(await status(`${base}/${docName}`, { authorization: `Bearer ${author.token}` })).toBe(
      101,
    );
    expect(
      await status(`${base}/${docName}?token=${author.token}`, { origin: `http://${host}` }),
    ).toBe(101);
    // Other upgrade paths: Socket.IO answers its own (400 for a malformed handshake), and
    // every other path gets a 404 — from exactly one of the two upgrade handlers.
    const ws = server.url.replace(/^http/, 'ws');
    expect(await status(`${ws}/socket.io/?EIO=4`)).toBe(400);
    expect(await status(`${ws}/socket.io/?EIO=4&transport=websocket`)).toBe(101);
    expect(await status(`${ws}/elsewhere`)).toBe(404);
  });
});

describe('bad messages', () => {
  it('closes a connection that sends more than the size cap, and only that one', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    const b = editor(docName, author.token);
    await Promise.all([a.synced(), b.synced()]);
    const ws = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${author.token}`);
    const closed = closeCode(ws);
    ws.send(Buffer.alloc(1024 * 1024 + 1, 1));
    expect(await closed).toBe(collabCloseCodes.messageTooLarge);

    addParagraph(a.doc, 'stadig i live');
    await eventually(() => expect(b.text()).toContain('stadig i live'));
  });

  it('closes a connection that sends garbage with 4400 and leaves the document and others alone', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    const b = editor(docName, author.token);
    await Promise.all([a.synced(), b.synced()]);
    addParagraph(a.doc, 'før');
    await eventually(() => expect(b.text()).toContain('før'));
    const before = b.text();
    const socketA = a.provider.ws;

    const update = Y.encodeStateAsUpdate(a.doc);
    const validUpdate = Buffer.concat([Buffer.from([0, 2]), varUint8Array(update)]);
    const garbage: (Buffer | string)[] = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([7]),
      Buffer.from([0, 9, 1, 0]),
      validUpdate.subarray(0, validUpdate.length - 3),
      Buffer.concat([validUpdate, Buffer.from([1])]),
      Buffer.from([0, 2, 6, 1, 2, 3, 200, 200, 200]),
      Buffer.from([0, 0, 3, 0xff, 0xff, 0xff]),
      Buffer.concat([
        Buffer.from([1]),
        varUint8Array(Buffer.from([1, 5, 1, 3, ...Buffer.from('{x:')])),
      ]),
      'text frame',
      Buffer.alloc(0),
    ];
    for (const message of garbage) {
      const ws = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${author.token}`);
      const closed = closeCode(ws);
      ws.send(message);
      expect(await closed, String(message)).toBe(collabCloseCodes.badMessage);
    }
    addParagraph(a.doc, 'efter');
    await eventually(() => expect(b.text()).toContain('efter'));
    expect(b.text()).toBe(`${before}\nefter`);
    expect(a.provider.ws).toBe(socketA);
  });

  it('refuses updates outside the document layout with 4422 and keeps them out', async () => {
    const { author, docName } = await newProposal();
    const a = editor(docName, author.token);
    await a.synced();
    for (const change of [
      (doc: Y.Doc) => doc.getText('comments').insert(0, 'hemmelig'),
      (doc: Y.Doc) => doc.getXmlFragment('body').insert(0, [new Y.XmlElement('script')]),
    ]) {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(a.doc));
      const before = Y.encodeStateVector(client);
      change(client);
      const update = Y.encodeStateAsUpdate(client, before);
      const ws = await rawSocket(`${collabUrl(server.url)}/${docName}?token=${author.token}`);
      const closed = closeCode(ws);
      ws.send(Buffer.concat([Buffer.from([0, 2]), varUint8Array(update)]));
      expect(await closed).toBe(collabCloseCodes.schemaViolation);
    }
    const fresh = editor(docName, author.token);
    await fresh.synced();
    expect(fresh.doc.share.has('comments')).toBe(false);
    expect(fresh.doc.getXmlFragment('body').length).toBe(0);
  });
});

describe('presence', () => {
  it('relays awareness between editors and clears it when one leaves', async () => {
    const { author, docName } = await newProposal();
    const other = await personWithToken(sql, 'jyderup');
    const a = editor(docName, author.token);
    const b = editor(docName, other.token);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField('user', { name: 'Anne', color: '#336699' });
    await eventually(() =>
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
        user: { id: author.userId, name: 'Forslagsstiller', role: 'member', color: '#336699' },
      }),
    );
    a.provider.disconnect();
    await eventually(() =>
      expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false),
    );
  });
});

/** lib0's varUint8Array: length as varuint, then the bytes. */
function varUint8Array(bytes: Uint8Array): Buffer {
  const length: number[] = [];
  let n = bytes.length;
  while (n > 127) {
    length.push((n & 127) | 128);
    n >>>= 7;
  }
  length.push(n);
  return Buffer.concat([Buffer.from(length), Buffer.from(bytes)]);
}
