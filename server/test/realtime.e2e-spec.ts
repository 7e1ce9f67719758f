import type { ApiError, Comment, Debate, ForumEvent, ProposalDetail } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { SessionsService } from '../src/auth/sessions.service';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  coCreatorOf,
  command,
  connect,
  contactPerson,
  demoPerson,
  ok,
  PROCESS_CONSULTANT,
  rawCommand,
  type RealtimeClient,
  recordEvents,
} from './support/realtime';

/** This file's forums (other files use others, so every event in them is ours). */
const FORUM = 'gislinge';
const OTHER_FORUM = 'undloese';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

async function startDebate(token: string, slug = FORUM): Promise<Debate> {
  const res = await api.post<Debate>(`/api/forums/${slug}/debates`, {
    token,
    body: { title: 'Skaterbane', body: 'Hvor skal den ligge?' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('the handshake', () => {
  it('takes the session from auth.token, a bearer header or the cookie, and a guest without', async () => {
    const person = await signedInPerson(server, 'Hanne Håndtryk');
    const clients = [
      await connect(server.url, { token: person.token }),
      await connect(server.url, { headers: { authorization: `Bearer ${person.token}` } }),
      // A browser's cookie comes with its page's Origin.
      await connect(server.url, {
        headers: { cookie: `lf_session=${person.token}`, origin: new URL(server.url).origin },
      }),
    ];
    for (const client of clients) {
      const joined = await ok(client, 'forum.join', { slug: FORUM });
      expect(joined.presence.people.map((p) => p.name)).toContain('Hanne Håndtryk');
    }
    const guest = await connect(server.url);
    const seen = await ok(guest, 'forum.join', { slug: FORUM });
    expect(seen.presence.guests).toBeGreaterThanOrEqual(1);
    // A stale cookie makes a guest, as over HTTP.
    const stale = await connect(server.url, { headers: { cookie: 'lf_session=expired' } });
    const refused = await command(stale, 'comment.create', {
      debateId: '00000000-0000-4000-8000-000000000000',
      body: 'x',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses an invalid token it was given, and foreign origins', async () => {
    await expect(connect(server.url, { token: 'not-a-token' })).rejects.toMatchObject({
      message: 'Adgangstokenet er ugyldigt eller udløbet',
      data: { code: 'invalid_token' },
    });
    await expect(
      connect(server.url, { headers: { authorization: 'Bearer nope' } }),
    ).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(
      connect(server.url, { headers: { origin: 'https://evil.example' } }),
    ).rejects.toThrow();
    const own = await connect(server.url, { headers: { origin: server.url } });
    expect(own.connected).toBe(true);
  });

  it('re-checks the session for every change: a signed-out connection can no longer post', async () => {
    const person = await signedInPerson(server);
    const debate = await startDebate(person.token);
    const client = await connect(server.url, { token: person.token });
    await ok(client, 'comment.create', { debateId: debate.id, body: 'Før log ud' });
    const session = await server.app.get(SessionsService).resolve(person.token);
    await server.app.get(SessionsService).revoke(session!.sessionId);
    const after = await command(client, 'comment.create', { debateId: debate.id, body: 'Efter' });
    expect(after).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('forum rooms', () => {
  it('delivers posts from REST and from sockets alike, numbered, to everyone in the room', async () => {
    const author = await signedInPerson(server, 'Rikke Rest');
    const guest = await connect(server.url);
    const member = await connect(server.url, { token: author.token });
    const elsewhere = await connect(server.url);
    const guestLog = recordEvents(guest);
    const memberLog = recordEvents(member);
    const elsewhereLog = recordEvents(elsewhere);
    await ok(guest, 'forum.join', { slug: FORUM });
    await ok(member, 'forum.join', { slug: FORUM });
    await ok(elsewhere, 'forum.join', { slug: OTHER_FORUM });

    const debate = await startDebate(author.token);
    const viaSocket = await ok(member, 'comment.create', { debateId: debate.id, body: 'Socket' });
    const viaRest = await api.post<Comment>(`/api/debates/${debate.id}/comments`, {
      token: author.token,
      body: { body: 'REST', parentId: viaSocket.comment.id },
    });

    await eventually(() => expect(guestLog.events).toHaveLength(3));
    const [created, first, second] = guestLog.events as [
      ForumEvent<'debate.created'>,
      ForumEvent<'comment.created'>,
      ForumEvent<'comment.created'>,
    ];
    expect(created).toMatchObject({ type: 'debate.created', forum: FORUM, debate });
    expect(first).toMatchObject({ type: 'comment.created', comment: viaSocket.comment });
    expect(second).toMatchObject({
      type: 'comment.created',
      comment: viaRest.body,
      thread: { id: debate.id, commentCount: 2 },
    });
    expect([first.seq, second.seq]).toEqual([created.seq + 1, created.seq + 2]);
    await eventually(() => expect(memberLog.events).toEqual(guestLog.events));
    expect(elsewhereLog.events).toEqual([]);
  });

  it('carries proposal changes published by the proposal domain', async () => {
    const member = await signedInPerson(server, 'Mette Medlem');
    await db(server).query(
      `INSERT INTO memberships (forum_id, user_id, kind)
       SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [FORUM, member.userId],
    );
    const client = await connect(server.url);
    const { events } = recordEvents(client);
    await ok(client, 'forum.join', { slug: FORUM });
    const started = await api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
      token: member.token,
      body: { title: 'Bålhytte' },
    });
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({
        type: 'proposal.changed',
        forum: FORUM,
        proposal: {
          id: started.body.id,
          title: 'Bålhytte',
          status: 'draft',
          authors: [{ userId: member.userId, name: 'Mette Medlem' }],
        },
      }),
    );
  });

  it('lists who is present by name, once per person, and guests as a count', async () => {
    const anna = await signedInPerson(server, 'Anna Tilstede');
    const coCreator = await coCreatorOf(server, OTHER_FORUM);
    const watcher = await connect(server.url);
    const { presence } = recordEvents(watcher);
    await ok(watcher, 'forum.join', { slug: OTHER_FORUM });

    const tab1 = await connect(server.url, { token: anna.token });
    const tab2 = await connect(server.url, { token: anna.token });
    await ok(tab1, 'forum.join', { slug: OTHER_FORUM });
    const joined = await ok(tab2, 'forum.join', { slug: OTHER_FORUM });
    const staff = await connect(server.url, { token: coCreator.token });
    await ok(staff, 'forum.join', { slug: OTHER_FORUM });

    expect(joined.presence.people.filter((p) => p.userId === anna.userId)).toHaveLength(1);
    await eventually(() =>
      expect(presence.at(-1)).toEqual({
        forum: OTHER_FORUM,
        people: expect.arrayContaining([
          { userId: anna.userId, name: 'Anna Tilstede', staff: null },
          { userId: coCreator.userId, name: coCreator.name, staff: 'coCreator' },
        ]) as unknown,
        guests: 1,
      }),
    );
    tab1.close();
    await ok(tab2, 'forum.leave', { slug: OTHER_FORUM });
    await eventually(() =>
      expect(presence.at(-1)?.people.map((p) => p.userId)).toEqual([coCreator.userId]),
    );
  });

  it('lets staff follow several areas at once, and nobody else', async () => {
    const coCreator = await coCreatorOf(server, FORUM);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const citizen = await signedInPerson(server);

    const citizenClient = await connect(server.url, { token: citizen.token });
    expect(await command(citizenClient, 'staff.follow', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const guest = await connect(server.url);
    expect(await command(guest, 'staff.follow', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });

    const staff = await connect(server.url, { token: coCreator.token });
    const followed = await ok(staff, 'staff.follow', {});
    expect(followed.forums.map((f) => f.forum).sort()).toEqual([
      'gislinge',
      'hagested',
      'svinninge',
    ]);
    const everywhere = await connect(server.url, { token: consultant.token });
    const all = await ok(everywhere, 'staff.follow', { slugs: [FORUM, OTHER_FORUM] });
    expect(all.forums.map((f) => f.forum)).toEqual([FORUM, OTHER_FORUM]);
    const log = recordEvents(everywhere);

    const here = await startDebate(citizen.token, FORUM);
    const there = await startDebate(citizen.token, OTHER_FORUM);
    await eventually(() =>
      expect(log.events.map((e) => e.type === 'debate.created' && e.debate.id)).toEqual([
        here.id,
        there.id,
      ]),
    );
  });
});

describe('the rules over the socket', () => {
  it('lets guests read but not post; any citizen post; only authors edit; only moderators moderate', async () => {
    const author = await signedInPerson(server);
    const other = await signedInPerson(server);
    const moderator = await contactPerson(server, FORUM);
    const foreignModerator = await contactPerson(server, OTHER_FORUM);
    const [guest, authorClient, otherClient, modClient, foreignClient] = await Promise.all([
      connect(server.url),
      connect(server.url, { token: author.token }),
      connect(server.url, { token: other.token }),
      connect(server.url, { token: moderator.token }),
      connect(server.url, { token: foreignModerator.token }),
    ]);
    const { debate } = await ok(authorClient, 'debate.create', {
      slug: FORUM,
      title: 'Over socket',
      body: 'Tekst',
    });
    const { comment } = await ok(otherClient, 'comment.create', {
      debateId: debate.id,
      body: 'Svar',
    });
    /** The error code a command is refused with, or 'ok'. */
    const refusal = async (client: RealtimeClient, name: string, payload: object) => {
      const result = await rawCommand(client, name, payload);
      return result.ok ? 'ok' : result.error.code;
    };

    expect(await refusal(guest, 'debate.create', { slug: FORUM, title: 't', body: 'b' })).toBe(
      'unauthenticated',
    );
    expect(await refusal(guest, 'comment.create', { debateId: debate.id, body: 'b' })).toBe(
      'unauthenticated',
    );
    expect(
      await refusal(guest, 'post.report', {
        post: { kind: 'comment', id: comment.id },
        reason: 'r',
      }),
    ).toBe('unauthenticated');
    expect(await refusal(authorClient, 'comment.edit', { commentId: comment.id, body: 'x' })).toBe(
      'forbidden',
    );
    expect(await refusal(otherClient, 'debate.edit', { debateId: debate.id, body: 'x' })).toBe(
      'forbidden',
    );
    expect(await refusal(otherClient, 'debate.delete', { debateId: debate.id })).toBe('forbidden');
    expect(
      await refusal(otherClient, 'post.hide', {
        post: { kind: 'debate', id: debate.id },
        reason: 'nej',
      }),
    ).toBe('forbidden');
    expect(
      await refusal(foreignClient, 'post.hide', {
        post: { kind: 'comment', id: comment.id },
        reason: 'nej',
      }),
    ).toBe('forbidden');
    expect(await refusal(foreignClient, 'debate.lock', { debateId: debate.id })).toBe('forbidden');

    const edited = await ok(otherClient, 'comment.edit', { commentId: comment.id, body: 'Rettet' });
    expect(edited.comment.editedAt).not.toBeNull();
    const report = await ok(authorClient, 'post.report', {
      post: { kind: 'comment', id: comment.id },
      reason: 'Upassende',
    });
    expect(report.report.id).toBeTruthy();
    await ok(modClient, 'post.hide', { post: { kind: 'comment', id: comment.id }, reason: 'Tone' });
    const locked = await ok(modClient, 'debate.lock', { debateId: debate.id, reason: 'Afsluttet' });
    expect(locked.debate).toMatchObject({ locked: true, lockedReason: 'Afsluttet' });
    expect(await refusal(otherClient, 'comment.create', { debateId: debate.id, body: 'b' })).toBe(
      'conflict',
    );
    await ok(modClient, 'debate.unlock', { debateId: debate.id });
    await ok(otherClient, 'comment.create', { debateId: debate.id, body: 'Igen' });
    const deleted = await ok(authorClient, 'debate.delete', { debateId: debate.id });
    expect(deleted.debate.state).toBe('deleted');
  });
});

describe('bad input', () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  /** Payloads each command must refuse: wrong shapes, types, sizes and extra fields. */
  const invalid: Record<string, unknown[]> = {
    'forum.join': [{}, { slug: 'Not A Slug' }, { slug: FORUM, since: -1 }, { slug: FORUM, x: 1 }],
    'forum.leave': [{}, { slug: 42 }],
    'staff.follow': [{ slugs: [] }, { slugs: ['Ø'] }, { since: { [FORUM]: 'x' } }],
    'debate.create': [
      { slug: FORUM, title: '', body: 'b' },
      { slug: FORUM, title: 't'.repeat(201), body: 'b' },
      { slug: FORUM, title: 't', body: 'b'.repeat(5001) },
      { slug: FORUM, title: 't' },
      { slug: FORUM, title: 't', body: 'b', proposalId: 'nope' },
      { slug: FORUM, title: 't', body: 'b', html: '<b>' },
    ],
    'debate.edit': [
      { debateId: uuid },
      { debateId: 'x', body: 'b' },
      { debateId: uuid, title: '' },
    ],
    'debate.delete': [{ debateId: 'x' }, {}],
    'comment.create': [
      { debateId: uuid, body: '' },
      { debateId: uuid, body: 'b', parentId: 'x' },
      { body: 'b' },
      { debateId: uuid, body: ['b'] },
    ],
    'comment.edit': [{ commentId: uuid }, { commentId: uuid, body: 'x'.repeat(5001) }],
    'comment.delete': [{ commentId: 1 }],
    'post.report': [
      { post: { kind: 'comment', id: uuid } },
      { post: { kind: 'page', id: uuid }, reason: 'r' },
      { post: { kind: 'comment', id: uuid }, reason: 'r'.repeat(501) },
    ],
    'post.hide': [{ post: { kind: 'debate', id: uuid } }, { post: uuid, reason: 'r' }],
    'debate.lock': [
      { debateId: uuid, reason: '' },
      { debateId: uuid, reason: 7 },
    ],
    'debate.unlock': [{ debateId: 'x' }],
  };
  const notObjects = [undefined, null, 'text', 42, [1, 2], true];

  it('answers every command’s invalid payloads with validation_failed and changes nothing', async () => {
    const person = await signedInPerson(server);
    // What this person or anything in this file's forum could have changed.
    const counts = () =>
      db(server).query<unknown[]>(
        `SELECT (SELECT count(*) FROM forum_events e JOIN forums f ON f.id = e.forum_id
                   JOIN areas a ON a.id = f.area_id WHERE a.slug = $2)::int AS events,
                (SELECT count(*) FROM debates WHERE author_id = $1)::int AS debates,
                (SELECT count(*) FROM comments WHERE author_id = $1)::int AS comments,
                (SELECT count(*) FROM reports WHERE reporter_id = $1)::int AS reports,
                (SELECT count(*) FROM moderation_actions WHERE moderator_id = $1)::int AS actions`,
        [person.userId, FORUM],
      );
    const before = await counts();
    for (const [name, payloads] of Object.entries(invalid)) {
      // A connection per command: all of them on one would be more than its message rate.
      const client = await connect(server.url, { token: person.token });
      for (const payload of [...payloads, ...notObjects]) {
        const args = payload === undefined ? [] : [payload];
        expect(
          await rawCommand(client, name, ...args),
          `${name} ${JSON.stringify(payload)}`,
        ).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      }
      // Extra arguments are refused too.
      expect(await rawCommand(client, name, {}, {})).toMatchObject({ ok: false });
    }
    expect(Object.keys(invalid).sort()).toEqual(
      [
        'comment.create',
        'comment.delete',
        'comment.edit',
        'debate.create',
        'debate.delete',
        'debate.edit',
        'debate.lock',
        'debate.unlock',
        'forum.join',
        'forum.leave',
        'post.hide',
        'post.report',
        'staff.follow',
      ].sort(),
    );
    expect(await counts()).toEqual(before);
    // Unknown events and commands without an acknowledgement are ignored; the connection lives on.
    const client = await connect(server.url, { token: person.token });
    client.emit('no.such.event' as 'forum.leave', { slug: FORUM }, () => undefined);
    (client.emit as (name: string, payload: unknown) => void)('forum.join', { slug: FORUM });
    expect((await ok(client, 'forum.join', { slug: FORUM })).forum).toBe(FORUM);
  });

  it('closes a connection that sends more than 64 KiB, and only that one', async () => {
    const person = await signedInPerson(server);
    const bystander = await connect(server.url);
    const big = await connect(server.url, { token: person.token });
    const closed = new Promise((resolve) => big.once('disconnect', resolve));
    big.emit('comment.create', { debateId: 'x', body: 'x'.repeat(70_000) }, () => undefined);
    expect(await closed).toBe('transport close');
    expect((await ok(bystander, 'forum.join', { slug: FORUM })).forum).toBe(FORUM);
  });

  it('limits posting per person, over sockets and REST together', async () => {
    const person = await signedInPerson(server);
    const debate = await startDebate(person.token);
    const client = await connect(server.url, { token: person.token });
    // The debate itself was the first post of this minute.
    for (let i = 0; i < 9; i++) {
      await ok(client, 'comment.create', { debateId: debate.id, body: `Nr. ${i}` });
    }
    expect(
      await command(client, 'comment.create', { debateId: debate.id, body: 'En for meget' }),
    ).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const rest = await api.post<ApiError>(`/api/debates/${debate.id}/comments`, {
      token: person.token,
      body: { body: 'Også for meget' },
    });
    expect(rest.status).toBe(429);
    // Others are not affected.
    const other = await signedInPerson(server);
    const otherClient = await connect(server.url, { token: other.token });
    await ok(otherClient, 'comment.create', { debateId: debate.id, body: 'Mig' });
  });
});
