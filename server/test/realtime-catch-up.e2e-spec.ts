import type { Comment, Debate, DebatePage, ForumEvent } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  connect,
  connected,
  contactPerson,
  ok,
  recordEvents,
} from './support/realtime';

/** This file's forums: nothing else posts there while these tests run. */
const FORUM = 'knabstrup';
const RACE_FORUM = 'moerkoev';
const BUSY_FORUM = 'vipperoed';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startDebate(token: string, slug = FORUM): Promise<Debate> {
  const res = await api.post<Debate>(`/api/forums/${slug}/debates`, {
    token,
    body: { title: 'Byfest', body: 'Hvornår?' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function comment(token: string, debateId: string, body: string): Promise<Comment> {
  const res = await api.post<Comment>(`/api/debates/${debateId}/comments`, {
    token,
    body: { body },
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** The events' seqs follow each other without gaps or repeats, starting after `after`. */
function expectContiguous(events: ForumEvent[], after: number) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => after + 1 + i));
}

describe('a short drop (Socket.IO connection state recovery)', () => {
  it('delivers exactly what was missed, in order, once', async () => {
    const person = await signedInPerson(server);
    const client = await connect(server.url, { reconnection: false });
    const { events } = recordEvents(client);
    await ok(client, 'forum.join', { slug: FORUM });
    const debate = await startDebate(person.token);
    await eventually(() => expect(events).toHaveLength(1));

    const dropped = new Promise((resolve) => client.once('disconnect', resolve));
    client.io.engine.close();
    await dropped;
    const missed = [
      await comment(person.token, debate.id, 'en'),
      await comment(person.token, debate.id, 'to'),
      await comment(person.token, debate.id, 'tre'),
    ];
    const back = connected(client);
    client.connect();
    await back;

    expect(client.recovered).toBe(true);
    await eventually(() => expect(events).toHaveLength(4));
    await sleep(200);
    expect(events.slice(1).map((e) => e.type === 'comment.created' && e.comment.id)).toEqual(
      missed.map((c) => c.id),
    );
    expectContiguous(events, events[0]!.seq - 1);
    // Still in the room after recovery: live events keep coming.
    const live = await comment(person.token, debate.id, 'fire');
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({ type: 'comment.created', comment: { id: live.id } }),
    );
  });
});

describe('a long absence (catch-up from PostgreSQL)', () => {
  it('replays exactly the missed events, in order, as they are now', async () => {
    const author = await signedInPerson(server, 'Gitte Gæst');
    const moderator = await contactPerson(server, FORUM);
    const debate = await startDebate(author.token);
    const page = await api.get<DebatePage>(`/api/forums/${FORUM}/debates`);
    const first = await connect(server.url);
    const seen = recordEvents(first);
    const joined = await ok(first, 'forum.join', { slug: FORUM, since: page.body.seq });
    expect(joined.seq).toBe(page.body.seq);
    const before = await comment(author.token, debate.id, 'mens jeg var her');
    await eventually(() => expect(seen.events).toHaveLength(1));
    const lastSeen = seen.events[0]!.seq;
    first.close();

    const rude = await comment(author.token, debate.id, 'noget grimt');
    const kind = await comment(author.token, debate.id, 'noget pænt');
    await api.patch(`/api/comments/${kind.id}`, {
      token: author.token,
      body: { body: 'noget endnu pænere' },
    });
    await api.post(`/api/comments/${rude.id}/hide`, {
      token: moderator.token,
      body: { reason: 'Tonen' },
    });

    const again = await connect(server.url);
    const caught = recordEvents(again);
    const rejoined = await ok(again, 'forum.join', { slug: FORUM, since: lastSeen });
    // Replayed before the acknowledgement.
    expect(caught.events.map((e) => e.type)).toEqual([
      'comment.created',
      'comment.created',
      'comment.edited',
      'comment.hidden',
    ]);
    expectContiguous(caught.events, lastSeen);
    expect(rejoined).toMatchObject({ seq: lastSeen + 4, truncated: false });
    expect(caught.events.some((e) => 'comment' in e && e.comment.id === before.id)).toBe(false);
    // The hidden comment is not replayed as it was written.
    expect(caught.events[0]).toMatchObject({
      comment: { id: rude.id, state: 'hidden', body: null, hiddenReason: 'Tonen' },
    });
    expect(JSON.stringify(caught.events)).not.toContain('noget grimt');
    // Edits are history, kept as they were published.
    expect(caught.events[1]).toMatchObject({ comment: { id: kind.id, body: 'noget pænt' } });
    expect(caught.events[2]).toMatchObject({ comment: { body: 'noget endnu pænere' } });
  });

  it('hands over from catch-up to live delivery without gaps or duplicates while posts pour in', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => signedInPerson(server)));
    const debate = await startDebate(people[0]!.token, RACE_FORUM);
    const { body: page } = await api.get<DebatePage>(`/api/forums/${RACE_FORUM}/debates`);

    const posting = Promise.all(
      people.map(async (p, i) => {
        for (let n = 0; n < 5; n++) await comment(p.token, debate.id, `${i}-${n}`);
      }),
    );
    // Clients join at different moments while the comments are being posted.
    const logs = [];
    for (let i = 0; i < 8; i++) {
      const client = await connect(server.url);
      const log = recordEvents(client);
      logs.push(log);
      await ok(client, 'forum.join', { slug: RACE_FORUM, since: page.seq });
      await sleep(10);
    }
    await posting;
    for (const log of logs) {
      await eventually(() => expect(log.events).toHaveLength(30));
      expectContiguous(log.events, page.seq);
    }
    await sleep(100);
    for (const log of logs) expect(log.events).toHaveLength(30);
  });

  it('replays nothing when too much was missed, and says so', async () => {
    await db(server).query(
      `INSERT INTO forum_events (forum_id, type, payload)
       SELECT f.id, 'debate.edited', '{}'::jsonb
         FROM forums f JOIN areas a ON a.id = f.area_id, generate_series(1, 501)
        WHERE a.slug = $1`,
      [BUSY_FORUM],
    );
    const client = await connect(server.url);
    const { events } = recordEvents(client);
    const joined = await ok(client, 'forum.join', { slug: BUSY_FORUM, since: 0 });
    expect(joined).toMatchObject({ truncated: true });
    expect(joined.seq).toBeGreaterThanOrEqual(501);
    expect(events).toEqual([]);
  });
});
