import type { ApiError, Comment, Debate, DebatePage, ForumEvent } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { signedInPerson } from './support/factories';
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
const FORUM = 'svinninge';
const QUIET_FORUM = 'tuse-naes';

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  if (!redisUrl) throw new Error('These tests need Redis (TEST_REDIS_URL)');
  // Their own Socket.IO channels and presence keys: other runs on this Redis stay apart.
  const redisPrefix = uniqueRedisPrefix();
  [nodeA, nodeB] = await Promise.all([
    startTestServer({ redisUrl, redisPrefix }),
    startTestServer({ redisUrl, redisPrefix }),
  ]);
});
afterEach(() => closeClients());
afterAll(async () => {
  await Promise.all([nodeA?.close(), nodeB?.close()]);
});

async function startDebate(node: RunningServer, token: string, slug = FORUM): Promise<Debate> {
  const res = await apiClient(node.url).post<Debate>(`/api/forums/${slug}/debates`, {
    token,
    body: { title: 'Ny sti', body: 'Langs åen' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function comment(node: RunningServer, token: string, debateId: string, body: string) {
  const res = await apiClient(node.url).post<Comment>(`/api/debates/${debateId}/comments`, {
    token,
    body: { body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function expectContiguous(events: ForumEvent[], after: number) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => after + 1 + i));
}

describe('two nodes through the Redis adapter', () => {
  it('delivers a comment posted through node A to a client on node B, and shares presence', async () => {
    const author = await signedInPerson(nodeB, 'Nina Node');
    const onB = await connect(nodeB.url);
    const log = recordEvents(onB);
    await ok(onB, 'forum.join', { slug: FORUM });
    const onA = await connect(nodeA.url, { token: author.token });
    const onALog = recordEvents(onA);
    const joined = await ok(onA, 'forum.join', { slug: FORUM });
    expect(joined.presence.people.map((p) => p.name)).toEqual(['Nina Node']);
    // Presence spans nodes: both hear of the guest on B and of Nina on A.
    for (const { presence } of [log, onALog]) {
      await eventually(() =>
        expect(presence.at(-1)).toMatchObject({ guests: 1, people: [{ name: 'Nina Node' }] }),
      );
    }

    const debate = await startDebate(nodeA, author.token);
    const viaRest = await comment(nodeA, author.token, debate.id, 'Fra node A over REST');
    const viaSocket = await ok(onA, 'comment.create', {
      debateId: debate.id,
      body: 'Fra node A over socket',
    });
    await eventually(() => expect(log.events).toHaveLength(3));
    expect(log.events.map((e) => ('comment' in e ? e.comment.id : e.type))).toEqual([
      'debate.created',
      viaRest.id,
      viaSocket.comment.id,
    ]);
    expectContiguous(log.events, log.events[0]!.seq - 1);

    onA.close();
    await eventually(() => expect(log.presence.at(-1)?.people).toEqual([]));
  });

  it('sends every client the events of both nodes in order, once, even when they race', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => signedInPerson(nodeB)));
    const debate = await startDebate(nodeA, people[0]!.token);
    const { body: page } = await apiClient(nodeB.url).get<DebatePage>(
      `/api/forums/${FORUM}/debates`,
    );
    const clients = await Promise.all([
      connect(nodeA.url),
      connect(nodeB.url),
      connect(nodeA.url),
      connect(nodeB.url),
    ]);
    const logs = clients.map(recordEvents);
    await Promise.all(clients.map((c) => ok(c, 'forum.join', { slug: FORUM, since: page.seq })));

    await Promise.all(
      people.map(async (p, i) => {
        for (let n = 0; n < 5; n++) {
          await comment(n % 2 ? nodeA : nodeB, p.token, debate.id, `${i}:${n}`);
        }
      }),
    );
    for (const log of logs) {
      await eventually(() => expect(log.events).toHaveLength(20));
      expectContiguous(log.events, page.seq);
    }
  });

  it('catches up on the other node after a long absence', async () => {
    const author = await signedInPerson(nodeB);
    const debate = await startDebate(nodeA, author.token, QUIET_FORUM);
    const first = await connect(nodeA.url);
    const joined = await ok(first, 'forum.join', { slug: QUIET_FORUM });
    first.close();

    const missed = [
      await comment(nodeA, author.token, debate.id, 'a'),
      await comment(nodeB, author.token, debate.id, 'b'),
    ];
    const again = await connect(nodeB.url);
    const log = recordEvents(again);
    await ok(again, 'forum.join', { slug: QUIET_FORUM, since: joined.seq });
    expect(log.events.map((e) => 'comment' in e && e.comment.id)).toEqual(missed.map((c) => c.id));
    expectContiguous(log.events, joined.seq);
  });

  it('notifies an author on node B when a moderator on node A hides their post', async () => {
    const author = await signedInPerson(nodeB);
    const moderator = await contactPerson(nodeB, FORUM);
    const debate = await startDebate(nodeB, author.token);
    const authorClient = await connect(nodeB.url, { token: author.token });
    const notified = new Promise((resolve) => authorClient.once('notification.created', resolve));
    const hidden = await apiClient(nodeA.url).post(`/api/debates/${debate.id}/hide`, {
      token: moderator.token,
      body: { reason: 'Reklame' },
    });
    expect(hidden.status).toBe(204);
    expect(await notified).toMatchObject({
      notification: {
        kind: 'postHidden',
        data: { forumSlug: FORUM, post: { kind: 'debate', id: debate.id }, reason: 'Reklame' },
      },
    });
  });

  it('shares the posting limit between nodes', async () => {
    const person = await signedInPerson(nodeB);
    const debate = await startDebate(nodeA, person.token);
    for (let i = 0; i < 9; i++)
      await comment(i % 2 ? nodeA : nodeB, person.token, debate.id, `${i}`);
    const refused = await apiClient(nodeB.url).post<ApiError>(
      `/api/debates/${debate.id}/comments`,
      { token: person.token, body: { body: 'for meget' } },
    );
    expect(refused.status).toBe(429);
  });
});
