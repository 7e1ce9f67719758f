import { type ProposalDetail, collabCloseCodes, proposalDocName } from '@lokalforum/protocol';
import { Redis } from 'ioredis';
import type WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { loadConfig } from '../src/config/config';
import { apiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  closeOf,
  collabUrl,
  connectionOutcome,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { db } from './support/factories';

/** Two server nodes sharing PostgreSQL and Redis, as behind a load balancer. */
let nodeA: RunningServer;
let nodeB: RunningServer;
const editors: Editor[] = [];
const sockets: WebSocket[] = [];
/** Node A holds its updates back long enough to show they travel through Redis, not the database. */
const SLOW_STORE_MS = 3_000;

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  if (!redisUrl) throw new Error('These tests need Redis (TEST_REDIS_URL)');
  const collab = loadConfig({}).collab;
  [nodeA, nodeB] = await Promise.all([
    startTestServer({ redisUrl, collab: { ...collab, storeDebounceMs: SLOW_STORE_MS } }),
    startTestServer({ redisUrl }),
  ]);
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await Promise.all([nodeA?.close(), nodeB?.close()]);
});

const sql = <T = unknown>(q: string, p?: unknown[]) => db(nodeB).query<T>(q, p);

function editor(node: RunningServer, docName: string, token: string): Editor {
  const e = openEditor(node.url, docName, token);
  editors.push(e);
  return e;
}

async function newProposal() {
  const author = await personWithToken(sql, 'hagested');
  const res = await apiClient(nodeB.url).post<ProposalDetail>('/api/forums/hagested/proposals', {
    token: author.token,
    body: { title: 'Fælles drivhus' },
  });
  return { id: res.body.id, docName: proposalDocName(res.body.id), author };
}

describe('two server nodes through Redis', () => {
  it('relays updates and presence between editors on different nodes', async () => {
    const { id, docName, author } = await newProposal();
    const other = await personWithToken(sql, 'hagested');
    const onA = editor(nodeA, docName, author.token);
    const onB = editor(nodeB, docName, other.token);
    await Promise.all([onA.synced(), onB.synced()]);

    const typedOnA = addParagraph(onA.doc, 'skrevet på node A');
    addParagraph(onB.doc, 'skrevet på node B');
    // Keystrokes, one message each, take the server's short way (`typeKeystroke`): relayed and stored too.
    for (const letter of ', tast for tast') typedOnA.insert(typedOnA.length, letter);
    onA.provider.awareness.setLocalStateField('user', { name: 'A', color: '#aa0000' });
    await eventually(() => {
      expect(onA.text()).toBe(onB.text());
      expect(onA.text()).toContain('node A, tast for tast');
      expect(onA.text()).toContain('node B');
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: { id: author.userId, name: 'Collab Person', role: 'member', color: '#aa0000' },
      });
    });
    // Each node stores what its own editors wrote; together the store has all of it.
    const expected = onA.text();
    await eventually(async () => {
      const res = await apiClient(nodeB.url).get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.body.text).toBe(expected);
    }, SLOW_STORE_MS + 5_000);
  });

  it('brings a node that opens the document late up to date with what is not stored yet', async () => {
    const { id, docName, author } = await newProposal();
    const onA = editor(nodeA, docName, author.token);
    await onA.synced();
    addParagraph(onA.doc, 'endnu ikke gemt');
    // Node A holds its updates back for SLOW_STORE_MS; its rendered text is stored sooner, so
    // what proves the route is the update log, not the proposal's text.
    const storedUpdates = async () =>
      (
        await sql<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM proposal_updates WHERE proposal_id = $1`,
          [id],
        )
      )[0]!.n;
    expect(await storedUpdates()).toBe(0);

    const onB = editor(nodeB, docName, author.token);
    await onB.synced();
    await eventually(() => expect(onB.text()).toContain('endnu ikke gemt'), SLOW_STORE_MS - 500);
    expect(await storedUpdates(), 'came through Redis, not the database').toBe(0);

    addParagraph(onB.doc, 'svar fra B');
    await eventually(() => expect(onA.text()).toContain('svar fra B'));
  });
});

describe('presence and limits across nodes', () => {
  it('shows a person on another node by the name the server filled in, never a forged one', async () => {
    const { docName, author } = await newProposal();
    const outsider = await personWithToken(sql, null, 'Udenforstående');
    const onA = editor(nodeA, docName, outsider.token);
    const onB = editor(nodeB, docName, author.token);
    await Promise.all([onA.synced(), onB.synced()]);
    onA.provider.awareness.setLocalState({
      user: { id: author.userId, name: 'Collab Person', role: 'contactPerson' },
      extra: 'x'.repeat(1000),
    });
    await eventually(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: { id: outsider.userId, name: 'Udenforstående', role: 'visitor' },
      }),
    );
    // And a third editor opening the document on B late hears the same from B's awareness.
    const late = editor(nodeB, docName, author.token);
    await late.synced();
    await eventually(() =>
      expect(late.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: { id: outsider.userId, name: 'Udenforstående', role: 'visitor' },
      }),
    );
  });

  it('counts a person’s connections on every node, and ignores what a dead node left behind', async () => {
    const { docName, author } = await newProposal();
    const perDocument = loadConfig({}).collab.connectionsPerDocument;
    const url = (node: RunningServer) => `${collabUrl(node.url)}/${docName}?token=${author.token}`;
    const open = async (node: RunningServer) => {
      const { ws, outcome } = await connectionOutcome(url(node));
      sockets.push(ws);
      return outcome === 'accepted' ? outcome : outcome.code;
    };
    // A node that crashed holding many of this person's connections: its heartbeat is gone.
    const redis = new Redis(inject('redisUrl')!);
    try {
      await redis.hset(
        `${loadConfig({}).redisPrefix}:collab:connections:${author.userId}`,
        'crashed-node',
        JSON.stringify({ [docName]: 50 }),
      );
    } finally {
      redis.disconnect();
    }

    const outcomes = [];
    for (let i = 0; i < perDocument; i++) outcomes.push(await open(i % 2 ? nodeB : nodeA));
    expect(outcomes).toEqual(Array.from({ length: perDocument }, () => 'accepted'));
    expect(await open(nodeA)).toBe(collabCloseCodes.tooMany);
    expect(await open(nodeB)).toBe(collabCloseCodes.tooMany);

    // One closed on A makes room on B.
    const first = sockets.find((ws) => ws.url.startsWith(collabUrl(nodeA.url)))!;
    const closed = closeOf(first);
    first.close();
    await closed;
    await eventually(async () => expect(await open(nodeB)).toBe('accepted'));
  });
});
