import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { loadConfig } from '../src/config/config';
import { apiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { db } from './support/factories';

/** Two server nodes sharing PostgreSQL and Redis, as behind a load balancer. */
let nodeA: RunningServer;
let nodeB: RunningServer;
const editors: Editor[] = [];
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

    addParagraph(onA.doc, 'skrevet på node A');
    addParagraph(onB.doc, 'skrevet på node B');
    onA.provider.awareness.setLocalStateField('user', { name: 'A' });
    await eventually(() => {
      expect(onA.text()).toBe(onB.text());
      expect(onA.text()).toContain('node A');
      expect(onA.text()).toContain('node B');
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: { name: 'A' },
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
    await eventually(async () => {
      // Wait until node A has it (its awareness echo proves the round trip), then check the store lacks it.
      const rows = await sql<{ text: string }[]>(`SELECT text FROM proposals WHERE id = $1`, [id]);
      expect(rows[0]!.text).not.toContain('endnu ikke gemt');
    });

    const onB = editor(nodeB, docName, author.token);
    await onB.synced();
    await eventually(() => expect(onB.text()).toContain('endnu ikke gemt'), SLOW_STORE_MS - 500);
    const rows = await sql<{ text: string }[]>(`SELECT text FROM proposals WHERE id = $1`, [id]);
    expect(rows[0]!.text, 'came through Redis, not the database').not.toContain('endnu ikke gemt');

    addParagraph(onB.doc, 'svar fra B');
    await eventually(() => expect(onA.text()).toContain('svar fra B'));
  });
});
