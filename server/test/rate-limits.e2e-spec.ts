import {
  type Ack,
  type ApiError,
  type ForumJoined,
  type Me,
  type ProposalDetail,
  type RequestThread,
  REALTIME_MESSAGE_BURST,
} from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { rateRules } from '../src/common/rate-limits';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { personWithToken } from './support/collab';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  connect,
  ok,
  rawCommand,
  type RealtimeClient,
  uniqueRedisPrefix,
} from './support/realtime';

/** This file's forum (other files use others). */
const FORUM = 'st-merloese';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

function expectRateLimited(res: { status: number; body: unknown }): void {
  expect(res.status).toBe(429);
  const { error } = res.body as ApiError;
  expect(error.code).toBe('rate_limited');
  expect(error.message).toMatch(/Vent lidt/);
}

describe('rate limits on REST', () => {
  it('on starting proposals, and the refused one is not stored', async () => {
    const member = await personWithToken(sql, FORUM);
    const start = (title: string) =>
      api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
        token: member.token,
        body: { title },
      });
    for (let i = 0; i < rateRules.proposalStart.limit; i++) {
      expect((await start(`Forslag ${i}`)).status).toBe(201);
    }
    expectRateLimited(await start('Et for meget'));
    const rows = (await sql(`SELECT title FROM proposals WHERE created_by = $1`, [
      member.userId,
    ])) as { title: string }[];
    expect(rows).toHaveLength(rateRules.proposalStart.limit);
  });

  it('on freezing versions, and no second version of the same text', async () => {
    const member = await personWithToken(sql, FORUM);
    const proposal = await api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
      token: member.token,
      body: { title: 'Fastfrys' },
    });
    const freeze = () =>
      api.post<ApiError>(`/api/proposals/${proposal.body.id}/versions`, { token: member.token });
    expect((await freeze()).status).toBe(201);
    const again = await freeze();
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(again.body.error.message).toMatch(/samme som i version 1/);
    for (let i = 2; i < rateRules.versionFreeze.limit; i++)
      expect((await freeze()).status).toBe(409);
    expectRateLimited(await freeze());
    const rows = (await sql(`SELECT number FROM proposal_versions WHERE proposal_id = $1`, [
      proposal.body.id,
    ])) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('on joining and leaving, counted together', async () => {
    const person = await signedInPerson(server);
    const join = () =>
      api.post(`/api/forums/${FORUM}/members`, { token: person.token, body: { kind: 'citizen' } });
    const leave = () => api.delete(`/api/forums/${FORUM}/members`, { token: person.token });
    for (let i = 0; i < rateRules.membershipChange.limit / 2; i++) {
      expect((await join()).status).toBe(201);
      expect((await leave()).status).toBe(204);
    }
    expectRateLimited(await join());
    const rows = (await sql(`SELECT 1 FROM memberships WHERE user_id = $1`, [
      person.userId,
    ])) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('on renaming, and the refused name is not taken', async () => {
    const person = await signedInPerson(server, 'Første Navn');
    for (let i = 0; i < rateRules.rename.limit; i++) {
      expect(
        (await api.patch('/api/me', { token: person.token, body: { name: `Navn ${i}` } })).status,
      ).toBe(200);
    }
    expectRateLimited(
      await api.patch('/api/me', { token: person.token, body: { name: 'Formand' } }),
    );
    const me = await api.get<Me>('/api/me', { token: person.token });
    expect(me.body.name).toBe(`Navn ${rateRules.rename.limit - 1}`);
  });
});

describe('rate limits on requests and listings', () => {
  /** A fresh association in this file's forum, listed as a partner: requests to it reach no demo person. */
  async function listedPartner() {
    const contact = await signedInPerson(server, 'Kontakt Forening');
    const joined = await api.post(`/api/forums/${FORUM}/members`, {
      token: contact.token,
      body: { kind: 'association', represents: `Merløse Kor ${Math.random()}` },
    });
    expect(joined.status).toBe(201);
    const listing = () =>
      api.put<{ id: string; topics: string[] }>(`/api/forums/${FORUM}/partner`, {
        token: contact.token,
        body: { topics: ['sang'], description: 'Vi synger.' },
      });
    const listed = await listing();
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    return { contact, partnerId: listed.body.id, listing };
  }

  const openTo = (token: string, partnerId: string, subject: string) =>
    api.post<RequestThread>('/api/requests', {
      token,
      body: { to: { kind: 'partner', partnerId }, subject, text: 'Vil I synge til byfesten?' },
    });

  it('on opening requests, and the refused one is not stored', async () => {
    const { partnerId } = await listedPartner();
    const citizen = await signedInPerson(server, 'Spørger Meget');
    for (let i = 0; i < rateRules.requestOpen.limit; i++) {
      expect((await openTo(citizen.token, partnerId, `Byfest ${i}`)).status).toBe(201);
    }
    expectRateLimited(await openTo(citizen.token, partnerId, 'Én for meget'));
    const [{ count }] = (await sql(
      `SELECT count(*)::int AS count FROM requests WHERE requester_id = $1`,
      [citizen.userId],
    )) as [{ count: number }];
    expect(count).toBe(rateRules.requestOpen.limit);
  });

  it('on messages in a request, and the refused one is not stored', async () => {
    const { partnerId } = await listedPartner();
    const citizen = await signedInPerson(server, 'Skriver Meget');
    const request = await openTo(citizen.token, partnerId, 'Byfest');
    const write = (text: string) =>
      api.post(`/api/requests/${request.body.id}/messages`, {
        token: citizen.token,
        body: { text },
      });
    for (let i = 0; i < rateRules.requestMessage.limit; i++) {
      expect((await write(`Besked ${i}`)).status).toBe(201);
    }
    expectRateLimited(await write('Én for meget'));
    const thread = await api.get<RequestThread>(`/api/requests/${request.body.id}`, {
      token: citizen.token,
    });
    const messages = thread.body.entries.filter((e) => e.kind === 'message');
    expect(messages).toHaveLength(rateRules.requestMessage.limit);
  });

  it('on invitations, counted across requests', async () => {
    const { partnerId } = await listedPartner();
    const citizen = await signedInPerson(server, 'Inviterer Meget');
    const perRequest = 4;
    const requests = [];
    for (let r = 0; r * perRequest < rateRules.requestInvite.limit; r++) {
      requests.push((await openTo(citizen.token, partnerId, `Byfest ${r}`)).body.id);
    }
    const invite = (id: string, email: string) =>
      api.post(`/api/requests/${id}/participants`, { token: citizen.token, body: { email } });
    for (let i = 0; i < rateRules.requestInvite.limit; i++) {
      const id = requests[Math.floor(i / perRequest)]!;
      expect((await invite(id, `ven${i}.${Date.now()}@example.org`)).status).toBe(201);
    }
    expectRateLimited(await invite(requests[0]!, 'en.for.meget@example.org'));
  });

  it('on partner listings, and the refused change is not made', async () => {
    const { contact, listing } = await listedPartner();
    for (let i = 1; i < rateRules.profileChange.limit; i++)
      expect((await listing()).status).toBe(200);
    const refused = await api.put(`/api/forums/${FORUM}/partner`, {
      token: contact.token,
      body: { topics: ['ændret'], description: 'Ændret.' },
    });
    expectRateLimited(refused);
    const [row] = (await sql(`SELECT topics FROM partners WHERE contact_id = $1`, [
      contact.userId,
    ])) as [{ topics: string[] }];
    expect(row.topics).toEqual(['sang']);
  });
});

/** Sends `count` commands at once; resolves with the answers once the socket is disconnected or all answered. */
function flood(client: RealtimeClient, count: number, payload: object) {
  return new Promise<{ acks: Ack<object>[]; disconnected: string | null }>((resolve) => {
    const acks: Ack<object>[] = [];
    let disconnected: string | null = null;
    const done = () => resolve({ acks, disconnected });
    client.once('disconnect', (reason) => {
      disconnected = reason;
      setTimeout(done, 100);
    });
    const emit = client.emit.bind(client) as unknown as (
      name: string,
      payload: object,
      ack: (answer: Ack<object>) => void,
    ) => void;
    for (let i = 0; i < count; i++) {
      emit('forum.join', payload, (answer) => {
        acks.push(answer);
        if (acks.length === count) done();
      });
    }
  });
}

describe('rate limits on Socket.IO', () => {
  it('close a connection that floods, after telling it why', async () => {
    // The finding: a guest repeated `forum.join { since: 0 }` 150 times a second.
    const guest = await connect(server.url, { reconnection: false });
    const { acks, disconnected } = await flood(guest, 150, { slug: FORUM, since: 0 });
    expect(disconnected).toBe('io server disconnect');
    const answered = acks.filter((a) => a.ok).length;
    expect(answered).toBeLessThanOrEqual(REALTIME_MESSAGE_BURST + 2);
    expect(acks.some((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    // Everyone else is served as before.
    const other = await connect(server.url);
    expect((await ok(other, 'forum.join', { slug: FORUM })).forum).toBe(FORUM);
  });

  /** Sends catch-ups over `clients` until `total` have been asked for; the answers. */
  async function catchUps(clients: RealtimeClient[], total: number) {
    const perClient = Math.ceil(total / clients.length);
    const answers = await Promise.all(
      clients.map(async (client) => {
        const results: Ack<ForumJoined>[] = [];
        for (let i = 0; i < perClient; i++) {
          const payload = { slug: FORUM, since: 0 };
          results.push((await rawCommand(client, 'forum.join', payload)) as Ack<ForumJoined>);
        }
        return results;
      }),
    );
    return answers.flat();
  }

  function expectLimited(answers: Ack<ForumJoined>[]): void {
    expect(answers.filter((a) => a.ok)).toHaveLength(rateRules.catchUp.limit);
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBe(answers.length - rateRules.catchUp.limit);
    expect(refused.every((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
  }

  it('limit catch-ups per guest address across connections, and per person', async () => {
    const node = await startTestServer();
    try {
      const address = { 'x-forwarded-for': '203.0.113.7' };
      const guests = await Promise.all(
        [1, 2, 3, 4].map(() => connect(node.url, { headers: address, reconnection: false })),
      );
      expectLimited(await catchUps(guests, rateRules.catchUp.limit + 20));
      expect(guests.every((c) => c.connected)).toBe(true);
      // Joining without a catch-up, and guests elsewhere, are not held back.
      expect((await ok(guests[0]!, 'forum.join', { slug: FORUM })).forum).toBe(FORUM);
      const elsewhere = await connect(node.url, { headers: { 'x-forwarded-for': '203.0.113.8' } });
      expect((await ok(elsewhere, 'forum.join', { slug: FORUM, since: 0 })).forum).toBe(FORUM);

      // A signed-in person is counted as one, from wherever they connect.
      const person = await signedInPerson(node);
      const tabs = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          connect(node.url, {
            token: person.token,
            headers: { 'x-forwarded-for': `192.0.2.${i}` },
            reconnection: false,
          }),
        ),
      );
      expectLimited(await catchUps(tabs, rateRules.catchUp.limit + 20));
    } finally {
      closeClients();
      await node.close();
    }
  });

  it('hold guests to a few connections per address', async () => {
    const node = await startTestServer({ realtime: { guestsPerAddress: 3 } });
    try {
      const here = { 'x-forwarded-for': '198.51.100.1' };
      const first = await Promise.all([1, 2, 3].map(() => connect(node.url, { headers: here })));
      const refusal = await connect(node.url, { headers: here, reconnection: false }).then(
        () => null,
        (err: Error & { data?: { code?: string } }) => err,
      );
      expect(refusal?.data?.code).toBe('rate_limited');
      expect(refusal?.message).toMatch(/for mange forbindelser/);
      // Signed-in people and other addresses are not counted against it.
      const person = await signedInPerson(node);
      await connect(node.url, { headers: here, token: person.token });
      await connect(node.url, { headers: { 'x-forwarded-for': '198.51.100.2' } });
      // A closed connection frees its place.
      first[0]!.close();
      await eventuallyConnects(node.url, here);
    } finally {
      closeClients();
      await node.close();
    }
  });
});

async function eventuallyConnects(url: string, headers: Record<string, string>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const connected = await connect(url, { headers, reconnection: false }).then(
      () => true,
      () => false,
    );
    if (connected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no place was freed');
}

describe('rate limits through Redis', () => {
  it('are shared by every node, under REDIS_PREFIX', async () => {
    const redisUrl = inject('redisUrl');
    if (!redisUrl) throw new Error('These tests need Redis (TEST_REDIS_URL)');
    const redisPrefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([
      startTestServer({ redisUrl, redisPrefix }),
      startTestServer({ redisUrl, redisPrefix }),
    ]);
    try {
      const person = await signedInPerson(a);
      const rename = (node: RunningServer, name: string) =>
        apiClient(node.url).patch('/api/me', { token: person.token, body: { name } });
      for (let i = 0; i < rateRules.rename.limit; i++) {
        expect((await rename(i % 2 ? a : b, `Navn ${i}`)).status).toBe(200);
      }
      expectRateLimited(await rename(b, 'Et navn for meget'));
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl);
      try {
        const keys = await redis.keys(`${redisPrefix}:rate:*`);
        expect(keys).toContain(`${redisPrefix}:rate:rename:${person.userId}`);
        expect(await redis.keys(`lf:rate:rename:${person.userId}`)).toEqual([]);
      } finally {
        redis.disconnect();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
