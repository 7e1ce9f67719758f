import type { ForumEvent, Tally } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { closeClients, connect, ok, recordEvents, uniqueRedisPrefix } from './support/realtime';
import { draftWithContact, member, openVote } from './support/votes';

/** Two nodes sharing PostgreSQL and Redis: a ballot on one reaches the room on the other. */
let nodeA: RunningServer;
let nodeB: RunningServer;
const FORUM = 'moerkoev';

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  if (!redisUrl) throw new Error('These tests need Redis (TEST_REDIS_URL)');
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

describe('a vote across two nodes', () => {
  it('sends vote.opened, tally.changed and vote.closed to a room member on the other node', async () => {
    const apiA = apiClient(nodeA.url);
    const { proposal, author, contact } = await draftWithContact(nodeA, apiA, FORUM);
    const other = await member(nodeA, FORUM, 'Anden node');
    const onB = await connect(nodeB.url);
    const { events } = recordEvents(onB);
    const tallies: Tally[] = [];
    onB.on('tally.changed', ({ tally }) => tallies.push(tally));
    await ok(onB, 'forum.join', { slug: FORUM });

    const opened = await openVote(apiA, proposal.id, contact.token);
    await eventually(() => expect(events.some((e) => e.type === 'vote.opened')).toBe(true));

    for (const [token, choice] of [
      [author.token, 'yes'],
      [other.token, 'no'],
    ] as const) {
      const res = await apiA.put(`/api/proposals/${proposal.id}/ballot`, {
        token,
        body: { choice },
      });
      expect(res.status).toBe(200);
    }
    await eventually(() =>
      expect(tallies.at(-1)).toMatchObject({ voteId: opened.voteId, yes: 1, no: 1, voted: 2 }),
    );

    const closed = await apiClient(nodeB.url).post<Tally>(
      `/api/proposals/${proposal.id}/vote/close`,
      { token: contact.token },
    );
    expect(closed.status).toBe(200);
    await eventually(() =>
      expect(
        events
          .filter((e): e is ForumEvent<'vote.closed'> => e.type === 'vote.closed')
          .map((e) => e.tally.outcome),
      ).toEqual(['not_adopted']),
    );
  });
});
