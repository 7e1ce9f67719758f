import {
  COLLAB_AWARENESS_CLIENTS_MAX,
  type ProposalDetail,
  collabCloseCodes,
  proposalDocName,
} from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import {
  type Editor,
  awarenessFrame,
  closeOf,
  collabUrl,
  eventually,
  openEditor,
  personWithToken,
  rawSocket,
} from './support/collab';
import { db } from './support/factories';

let server: RunningServer;
let api: ApiClient;
const editors: Editor[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
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

async function newProposal(slug = 'svinninge') {
  const author = await personWithToken(sql, slug, 'Karen Forslagsstiller');
  const res = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: author.token,
    body: { title: 'Legeplads ved hallen' },
  });
  expect(res.status).toBe(201);
  return { author, docName: proposalDocName(res.body.id) };
}

/** A caret as y-prosemirror writes it: two relative positions. */
function caret(doc: Y.Doc) {
  const body = doc.getXmlFragment('body');
  const position = Y.createRelativePositionFromTypeIndex(body, 0);
  const json = JSON.parse(JSON.stringify(position)) as unknown;
  return { anchor: json, head: json };
}

describe('who is present, as the server says', () => {
  it('fills in id, name and role from the session: a forged name never reaches others', async () => {
    const { author, docName } = await newProposal();
    const outsider = await personWithToken(sql, null, 'Nabo Udefra');
    const member = editor(docName, author.token);
    const forger = editor(docName, outsider.token);
    await Promise.all([member.synced(), forger.synced()]);

    // The non-member claims to be the author, with a badge, a script and extra fields.
    forger.provider.awareness.setLocalState({
      user: {
        id: author.userId,
        name: 'Karen Forslagsstiller',
        role: 'coCreator',
        color: '#12ab34',
        admin: true,
      },
      cursor: caret(forger.doc),
      html: '<img src=x onerror=alert(1)>',
    });
    // The member sends a real caret and a colour that is not #rrggbb.
    const memberCaret = caret(member.doc);
    member.provider.awareness.setLocalState({
      user: { name: 'Hvem som helst', color: 'red; background: url(x)' },
      cursor: memberCaret,
      selection: { ranges: 'x'.repeat(100) },
    });

    await eventually(() => {
      expect(member.provider.awareness.getStates().get(forger.doc.clientID)).toEqual({
        user: { id: outsider.userId, name: 'Nabo Udefra', role: 'visitor', color: '#12ab34' },
      });
      expect(forger.provider.awareness.getStates().get(member.doc.clientID)).toEqual({
        user: { id: author.userId, name: 'Karen Forslagsstiller', role: 'member' },
        cursor: memberCaret,
      });
    });

    // Someone joining later is told the same, from the server's own awareness.
    const late = editor(docName, author.token);
    await late.synced();
    await eventually(() =>
      expect(late.provider.awareness.getStates().get(forger.doc.clientID)).toEqual({
        user: { id: outsider.userId, name: 'Nabo Udefra', role: 'visitor', color: '#12ab34' },
      }),
    );
  });

  it('shows staff and contact persons with their badge', async () => {
    const { docName } = await newProposal('tuse');
    const contact = await personWithToken(sql, 'tuse', 'Kontakt Person');
    await sql(
      `INSERT INTO contact_persons (forum_id, user_id)
       SELECT f.id, $1 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = 'tuse'`,
      [contact.userId],
    );
    const staff = await personWithToken(sql, null, 'Fælles Skaber');
    await sql(`INSERT INTO staff (user_id, kind, field) VALUES ($1, 'coCreator', 'Natur')`, [
      staff.userId,
    ]);
    const watcher = await personWithToken(sql, 'tuse', 'Ser Med');
    const w = editor(docName, watcher.token);
    const c = editor(docName, contact.token);
    const s = editor(docName, staff.token);
    await Promise.all([w.synced(), c.synced(), s.synced()]);
    c.provider.awareness.setLocalStateField('user', { color: '#000000' });
    s.provider.awareness.setLocalStateField('user', { color: '#ffffff' });
    await eventually(() => {
      const states = w.provider.awareness.getStates();
      expect(states.get(c.doc.clientID)).toEqual({
        user: {
          id: contact.userId,
          name: 'Kontakt Person',
          role: 'contactPerson',
          color: '#000000',
        },
      });
      expect(states.get(s.doc.clientID)).toEqual({
        user: { id: staff.userId, name: 'Fælles Skaber', role: 'coCreator', color: '#ffffff' },
      });
    });
  });

  it('does not let one person speak for another person’s awareness client', async () => {
    const { author, docName } = await newProposal();
    const other = await personWithToken(sql, 'svinninge', 'Anden Person');
    const a = editor(docName, author.token);
    const b = editor(docName, other.token);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField('user', { color: '#111111' });
    await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(true));

    const hijacker = await socket(docName, other.token);
    hijacker.send(awarenessFrame([{ clientId: a.doc.clientID, clock: 1000, state: null }]));
    b.provider.awareness.setLocalStateField('user', { color: '#222222' });
    await eventually(() =>
      expect(a.provider.awareness.getStates().get(b.doc.clientID)).toMatchObject({
        user: { color: '#222222' },
      }),
    );
    expect(b.provider.awareness.getStates().get(a.doc.clientID)).toMatchObject({
      user: { id: author.userId },
    });
  });
});

describe('awareness caps per connection', () => {
  it('closes the sender of 5,000 fake people in one 383 KB message and registers nobody', async () => {
    const { author, docName } = await newProposal();
    const observer = editor(docName, author.token);
    await observer.synced();
    const fakes = Array.from({ length: 5000 }, (_, i) => ({
      clientId: 1_000_000 + i,
      clock: 1,
      state: { user: { name: `Falsk person nummer ${i}`, color: '#ff0000' } },
    }));
    const frame = awarenessFrame(fakes);
    expect(frame.length).toBeGreaterThan(300_000);

    const attacker = await socket(docName, author.token);
    const closed = closeOf(attacker);
    attacker.send(frame);
    expect((await closed).code).toBe(collabCloseCodes.tooMany);

    // A state sent after the attack arrives, and none of the fakes came before it.
    observer.provider.awareness.setLocalStateField('user', { color: '#333333' });
    const check = editor(docName, author.token);
    await check.synced();
    await eventually(() =>
      expect(check.provider.awareness.getStates().get(observer.doc.clientID)).toMatchObject({
        user: { color: '#333333' },
      }),
    );
    expect(check.provider.awareness.getStates().size).toBeLessThanOrEqual(2);
    expect(observer.provider.awareness.getStates().size).toBeLessThanOrEqual(2);
  });

  it(`lets one connection speak for at most ${COLLAB_AWARENESS_CLIENTS_MAX} awareness clients`, async () => {
    const { author, docName } = await newProposal();
    const observer = editor(docName, author.token);
    await observer.synced();
    const ws = await socket(docName, author.token);
    const closed = closeOf(ws);
    const entry = (clientId: number) => ({ clientId, clock: 1, state: { user: {} } });
    for (let i = 0; i < COLLAB_AWARENESS_CLIENTS_MAX; i++)
      ws.send(awarenessFrame([entry(500 + i)]));
    await eventually(() =>
      expect(observer.provider.awareness.getStates().size).toBe(1 + COLLAB_AWARENESS_CLIENTS_MAX),
    );
    ws.send(awarenessFrame([entry(600)]));
    const { code, reason } = await closed;
    expect(code).toBe(collabCloseCodes.tooMany);
    expect(reason).toMatch(/awareness/i);
    // Its clients leave with it.
    await eventually(() => expect(observer.provider.awareness.getStates().size).toBe(1));
  });

  it('closes a connection that sends an awareness state of more than a few KB', async () => {
    const { author, docName } = await newProposal();
    const ws = await socket(docName, author.token);
    const closed = closeOf(ws);
    ws.send(
      awarenessFrame([{ clientId: 77, clock: 1, state: { user: { color: 'x'.repeat(5000) } } }]),
    );
    expect((await closed).code).toBe(collabCloseCodes.tooMany);
  });
});

describe('message rate per connection', () => {
  it('takes a burst (a paste, a reconnect) but closes a flood with 4429', async () => {
    const { author, docName } = await newProposal();
    const observer = editor(docName, author.token);
    await observer.synced();
    const ws = await socket(docName, author.token);
    let closedWith: number | null = null;
    ws.once('close', (code) => (closedWith = code));
    const state = (clock: number) =>
      awarenessFrame([{ clientId: 4242, clock, state: { user: { color: '#444444' } } }]);

    for (let clock = 1; clock <= 100; clock++) ws.send(state(clock));
    await eventually(() => expect(observer.provider.awareness.meta.get(4242)?.clock).toBe(100));
    expect(closedWith).toBeNull();

    const closed = closeOf(ws);
    for (let clock = 101; clock <= 2000; clock++) ws.send(state(clock));
    const { code, reason } = await closed;
    expect(code).toBe(collabCloseCodes.tooMany);
    expect(reason).toMatch(/beskeder/);
    // What came after the cap never reached anyone.
    await new Promise((r) => setTimeout(r, 100));
    expect(observer.provider.awareness.meta.get(4242)?.clock ?? 0).toBeLessThan(2000);
  });

  it('does not count a stock provider’s echoes of others’ presence as messages', async () => {
    const { author, docName } = await newProposal();
    const observer = editor(docName, author.token);
    await observer.synced();
    const closes: number[] = [];
    observer.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) closes.push(event.code);
    });
    // y-websocket 1.x sends every state it hears back: three busy people make it echo 180 a second.
    const people = await Promise.all([1, 2, 3].map(() => personWithToken(sql, 'svinninge')));
    const senders = await Promise.all(people.map((p) => socket(docName, p.token)));
    let clock = 0;
    const timer = setInterval(() => {
      clock++;
      senders.forEach((ws, i) =>
        ws.send(awarenessFrame([{ clientId: 9000 + i, clock, state: { user: {} } }])),
      );
    }, 1000 / 60);
    await new Promise((r) => setTimeout(r, 4_000));
    clearInterval(timer);
    await eventually(() => expect(observer.provider.awareness.meta.get(9000)?.clock).toBe(clock));
    expect(closes).toEqual([]);
    expect(observer.provider.wsconnected).toBe(true);
  });
});
