import { type Notification, type ProposalDetail, collabCloseCodes } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { SessionsService } from '../src/auth/sessions.service';
import { ProposalsService } from '../src/proposals/proposals.service';
import { authorIds, closeCodes, openRawEditor, sleep, startProposal } from './support/access';
import { apiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  connect,
  contactPerson,
  ok,
  recordEvents,
  uniqueRedisPrefix,
} from './support/realtime';

/** Two server nodes sharing PostgreSQL and Redis, as behind a load balancer. */
let nodeA: RunningServer;
let nodeB: RunningServer;
const FORUM = 'st-merloese';
const editors: Editor[] = [];

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  if (!redisUrl) throw new Error('These tests need Redis (TEST_REDIS_URL)');
  const redisPrefix = uniqueRedisPrefix();
  [nodeA, nodeB] = await Promise.all([
    startTestServer({ redisUrl, redisPrefix }),
    startTestServer({ redisUrl, redisPrefix }),
  ]);
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  closeClients();
});
afterAll(async () => {
  await Promise.all([nodeA?.close(), nodeB?.close()]);
});

const sql = (q: string, p?: unknown[]) => db(nodeB).query(q, p);

function editor(node: RunningServer, docName: string, token: string): Editor {
  const e = openEditor(node.url, docName, token);
  editors.push(e);
  return e;
}

/** A draft on node B, its author editing it there, and a second member. */
async function draftOnB() {
  const author = await personWithToken(sql, FORUM, 'Forslagsstiller');
  const member = await personWithToken(sql, FORUM, 'Medlem');
  const { proposal, docName } = await startProposal(nodeB, FORUM, author.token);
  const authorEditor = editor(nodeB, docName, author.token);
  await authorEditor.synced();
  return { proposal, docName, member, authorEditor };
}

describe('access changes across two nodes through Redis', () => {
  it('signing out on node A closes the /collab socket on node B within a second', async () => {
    const { proposal, docName, member, authorEditor } = await draftOnB();
    const raw = await openRawEditor(nodeB, docName, member.token);

    const res = await apiClient(nodeA.url).post('/api/auth/sign-out', { token: member.token });
    expect(res.status).toBe(204);
    const signedOutAt = Date.now();
    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.unauthenticated);
    expect(at - signedOutAt).toBeLessThan(1_000);

    raw.sendParagraph(authorEditor.doc, 'efter log ud på en anden node');
    addParagraph(authorEditor.doc, 'kontrol');
    await eventually(async () => {
      const detail = await apiClient(nodeB.url).get<ProposalDetail>(
        `/api/proposals/${proposal.id}`,
      );
      expect(detail.body.text).toContain('kontrol');
    });
    await sleep(200);
    expect(authorEditor.text()).not.toContain('efter log ud på en anden node');
    expect(await authorIds(sql, proposal.id)).not.toContain(member.userId);
  });

  it('revoking a session through node B closes its /collab socket on node A', async () => {
    const { docName, member } = await draftOnB();
    const raw = await openRawEditor(nodeA, docName, member.token);
    const sessions = nodeB.app.get(SessionsService);
    await sessions.revoke((await sessions.resolve(member.token))!.sessionId);
    const revokedAt = Date.now();
    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.unauthenticated);
    expect(at - revokedAt).toBeLessThan(1_000);
  });

  it('leaving the forum on node A turns the editor on node B into a reader', async () => {
    const { docName, member } = await draftOnB();
    const memberEditor = editor(nodeB, docName, member.token);
    const codes = closeCodes(memberEditor);
    await memberEditor.synced();
    const res = await apiClient(nodeA.url).delete(`/api/forums/${FORUM}/members`, {
      token: member.token,
    });
    expect(res.status).toBe(204);
    await eventually(() => expect(codes).toEqual([collabCloseCodes.readOnly]), 1_000);
  });

  it('a proposal leaving draft on node A turns its editors on node B into readers', async () => {
    const { proposal, docName, member } = await draftOnB();
    const raw = await openRawEditor(nodeB, docName, member.token);
    await nodeA.app.get(ProposalsService).changeStatus(proposal.id, 'voting');
    const changedAt = Date.now();
    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.readOnly);
    expect(at - changedAt).toBeLessThan(1_000);
  });

  it('signing out on node A drops the Socket.IO connection on node B from presence and its private room', async () => {
    const person = await signedInPerson(nodeB, 'Nora Node');
    const other = await nodeB.app.get(SessionsService).create(person.userId);
    const moderator = await contactPerson(nodeB, FORUM, 'Mikkel Moderator');
    const signedOut = await connect(nodeB.url, { token: person.token });
    const stillIn = await connect(nodeB.url, { token: other.token });
    const watcher = await connect(nodeA.url);
    const { presence } = recordEvents(watcher);
    await ok(watcher, 'forum.join', { slug: FORUM });
    await ok(signedOut, 'forum.join', { slug: FORUM });
    await eventually(() =>
      expect(presence.at(-1)?.people.map((p) => p.userId)).toContain(person.userId),
    );
    const lost: Notification[] = [];
    const kept: Notification[] = [];
    signedOut.on('notification.created', ({ notification }) => lost.push(notification));
    stillIn.on('notification.created', ({ notification }) => kept.push(notification));
    const debate = await apiClient(nodeA.url).post<{ id: string }>(`/api/forums/${FORUM}/debates`, {
      token: person.token,
      body: { title: 'Busstoppested', body: 'Flyt det nærmere skolen' },
    });

    const res = await apiClient(nodeA.url).post('/api/auth/sign-out', { token: person.token });
    expect(res.status).toBe(204);
    const signedOutAt = Date.now();
    await eventually(
      () => expect(presence.at(-1)?.people.map((p) => p.userId)).not.toContain(person.userId),
      2_000,
    );
    expect(Date.now() - signedOutAt).toBeLessThan(1_000);

    const hidden = await apiClient(nodeA.url).post(`/api/debates/${debate.body.id}/hide`, {
      token: moderator.token,
      body: { reason: 'Uden for emnet' },
    });
    expect(hidden.status).toBe(204);
    await eventually(() => expect(kept).toHaveLength(1));
    await sleep(200);
    expect(lost).toEqual([]);
  });
});
