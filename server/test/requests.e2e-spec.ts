import type {
  ApiError,
  InboxItem,
  MyRequests,
  NotificationPage,
  RequestThread,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { db, signedInPerson } from './support/factories';
import { coCreatorOf, demoPerson, PROCESS_CONSULTANT } from './support/realtime';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

type Person = { userId: string; token: string };

async function open(by: Person, body: object) {
  return api.post<RequestThread & ApiError>('/api/requests', { token: by.token, body });
}

async function toCoCreator(by: Person, subject = `Shelter ved søen ${Math.random()}`) {
  const mads = await coCreatorOf(server, 'jyderup');
  const res = await open(by, {
    to: { kind: 'staff', userId: mads.userId },
    forum: 'jyderup',
    subject,
    text: 'Vi vil gerne bygge et shelter ved Skarresø. Hvem skal vi tale med?',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { mads, request: res.body };
}

/** Eventually: notifications are stored after the commit, by a listener. */
async function notificationsOf(person: Person, kind: string, requestId: string) {
  for (let i = 0; i < 50; i++) {
    const page = await api.get<NotificationPage>('/api/notifications', { token: person.token });
    const found = page.body.items.filter(
      (n) => n.kind === kind && 'requestId' in n.data && n.data.requestId === requestId,
    );
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe('a request to a fælles-skaber', () => {
  it('lands in their inbox and stays private to the people in it', async () => {
    const citizen = await signedInPerson(server, 'Rikke Idé');
    const { mads, request } = await toCoCreator(citizen);
    expect(request).toMatchObject({
      status: 'new',
      recipientKind: 'staff',
      forum: { slug: 'jyderup' },
      requesterName: 'Rikke Idé',
      holder: { userId: mads.userId, staffKind: 'coCreator' },
      myRole: 'requester',
      permissions: { reply: true, setStatus: false, handOver: false, invite: true },
    });
    expect(request.entries.map((e) => e.kind)).toEqual(['opened']);

    const inbox = await api.get<InboxItem[]>('/api/staff/inbox', { token: mads.token });
    expect(inbox.body).toContainEqual(
      expect.objectContaining({
        kind: 'request',
        requestId: request.id,
        requesterName: 'Rikke Idé',
      }),
    );
    expect((await notificationsOf(mads, 'requestReceived', request.id)).length).toBe(1);

    const mine = await api.get<MyRequests>('/api/requests', { token: citizen.token });
    expect(mine.body.sent.map((r) => r.id)).toContain(request.id);
    const theirs = await api.get<MyRequests>('/api/requests', { token: mads.token });
    expect(theirs.body.received.map((r) => r.id)).toContain(request.id);

    // Someone else, and staff of another area, do not even learn that it exists.
    const stranger = await signedInPerson(server);
    const karen = await coCreatorOf(server, 'holbaek');
    for (const other of [stranger, karen]) {
      const res = await api.get<ApiError>(`/api/requests/${request.id}`, { token: other.token });
      expect(res.status).toBe(404);
      const post = await api.post(`/api/requests/${request.id}/messages`, {
        token: other.token,
        body: { text: 'Hej' },
      });
      expect(post.status).toBe(404);
      const list = await api.get<MyRequests>('/api/requests', { token: other.token });
      expect([...list.body.sent, ...list.body.received].map((r) => r.id)).not.toContain(request.id);
    }
    expect((await api.get(`/api/requests/${request.id}`)).status).toBe(401);

    // The process consultant covers every area: may read and answer, but it is not theirs.
    const henrik = await demoPerson(server, PROCESS_CONSULTANT);
    const seen = await api.get<RequestThread>(`/api/requests/${request.id}`, {
      token: henrik.token,
    });
    expect(seen.body).toMatchObject({ myRole: 'staff', permissions: { setStatus: false } });
    const status = await api.post<ApiError>(`/api/requests/${request.id}/status`, {
      token: henrik.token,
      body: { status: 'done' },
    });
    expect(status.status).toBe(403);
  });

  it('goes into dialogue when answered, is passed on with a note, and the citizen sees who has it', async () => {
    const citizen = await signedInPerson(server, 'Søren Spørger');
    const { mads, request } = await toCoCreator(citizen);
    const answer = await api.post<RequestThread>(`/api/requests/${request.id}/messages`, {
      token: mads.token,
      body: { text: 'Godt initiativ! Jeg spørger Park og Vej.' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('in_dialogue');
    expect(answer.body.firstAnsweredAt).not.toBeNull();
    expect((await notificationsOf(citizen, 'requestUpdated', request.id)).length).toBe(1);

    const henrik = await demoPerson(server, PROCESS_CONSULTANT);
    const handed = await api.post<RequestThread>(`/api/requests/${request.id}/handover`, {
      token: mads.token,
      body: { to: henrik.userId, note: 'Det går på tværs af to områder.' },
    });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body.status).toBe('passed_on');
    expect(handed.body.holder?.userId).toBe(henrik.userId);
    expect(handed.body.entries.at(-1)).toMatchObject({
      kind: 'handedOver',
      text: 'Det går på tværs af to områder.',
      fromName: mads.name,
      toName: henrik.name,
    });
    expect((await notificationsOf(henrik, 'requestReceived', request.id)).length).toBe(1);

    const seen = await api.get<RequestThread>(`/api/requests/${request.id}`, {
      token: citizen.token,
    });
    expect(seen.body.holder?.name).toBe(henrik.name);
    // Passed on twice to the same person is refused; the old holder no longer decides.
    const again = await api.post(`/api/requests/${request.id}/handover`, {
      token: henrik.token,
      body: { to: henrik.userId },
    });
    expect(again.status).toBe(409);
    const old = await api.post(`/api/requests/${request.id}/status`, {
      token: mads.token,
      body: { status: 'done' },
    });
    expect(old.status).toBe(403);
    const done = await api.post<RequestThread>(`/api/requests/${request.id}/status`, {
      token: henrik.token,
      body: { status: 'done' },
    });
    expect(done.body.status).toBe('done');
    const inbox = await api.get<InboxItem[]>('/api/staff/inbox', { token: henrik.token });
    expect(inbox.body.some((i) => i.kind === 'request' && i.requestId === request.id)).toBe(true);
    const madsInbox = await api.get<InboxItem[]>('/api/staff/inbox', { token: mads.token });
    expect(madsInbox.body.some((i) => i.kind === 'request' && i.requestId === request.id)).toBe(
      false,
    );
  });

  it('lets the requester invite others by e-mail, up to a limit', async () => {
    const citizen = await signedInPerson(server, 'Ulla Inviterer');
    const friend = await signedInPerson(server, 'Vera Ven');
    const { request } = await toCoCreator(citizen);
    const invited = await api.post<RequestThread>(`/api/requests/${request.id}/participants`, {
      token: citizen.token,
      body: { email: friend.email.toUpperCase() },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.participants).toEqual([{ email: friend.email, name: 'Vera Ven' }]);
    expect((await notificationsOf(friend, 'requestUpdated', request.id)).length).toBe(1);

    const theirs = await api.get<RequestThread>(`/api/requests/${request.id}`, {
      token: friend.token,
    });
    expect(theirs.body).toMatchObject({ myRole: 'participant', permissions: { invite: false } });
    const wrote = await api.post(`/api/requests/${request.id}/messages`, {
      token: friend.token,
      body: { text: 'Jeg kan hjælpe med at bygge.' },
    });
    expect(wrote.status).toBe(201);
    const byFriend = await api.post(`/api/requests/${request.id}/participants`, {
      token: friend.token,
      body: { email: 'someone@example.org' },
    });
    expect(byFriend.status).toBe(403);

    const twice = await api.post(`/api/requests/${request.id}/participants`, {
      token: citizen.token,
      body: { email: friend.email },
    });
    expect(twice.status).toBe(409);
    for (let i = 0; i < 4; i++) {
      const res = await api.post(`/api/requests/${request.id}/participants`, {
        token: citizen.token,
        body: { email: `guest-${i}-${Date.now()}@example.org` },
      });
      expect(res.status).toBe(201);
    }
    const tooMany = await api.post<ApiError>(`/api/requests/${request.id}/participants`, {
      token: citizen.token,
      body: { email: 'one-more@example.org' },
    });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'conflict']);
  });

  it('refuses bad requests with clear errors and changes nothing', async () => {
    const citizen = await signedInPerson(server);
    const mads = await coCreatorOf(server, 'jyderup');
    const anne = await demoPerson(server, 'anne.borger@example.org');
    const bent = await demoPerson(server, 'bent.forening@example.org');
    const ok = { subject: 'Emne', text: 'Tekst' };
    const cases: [object, number, string?][] = [
      [{ ...ok, to: { kind: 'staff', userId: citizen.userId } }, 400, 'to.userId'],
      [{ ...ok, to: { kind: 'staff', userId: mads.userId }, forum: 'atlantis' }, 400, 'forum'],
      [
        { ...ok, to: { kind: 'contactPerson', forum: 'jyderup', userId: bent.userId } },
        400,
        'to.userId',
      ],
      [{ ...ok, to: { kind: 'partner', partnerId: '00000000-0000-4000-8000-000000000000' } }, 400],
      [
        {
          ...ok,
          to: { kind: 'contactPerson', forum: 'jyderup', userId: anne.userId },
          forum: 'tuse',
        },
        400,
        'forum',
      ],
      [
        { ...ok, to: { kind: 'staff', userId: mads.userId }, subject: 'Hej\u202eevil' },
        400,
        'subject',
      ],
      [{ ...ok, to: { kind: 'staff', userId: mads.userId }, text: '' }, 400, 'text'],
      [
        { ...ok, to: { kind: 'staff', userId: mads.userId }, subject: 'x'.repeat(201) },
        400,
        'subject',
      ],
      [{ ...ok, to: { kind: 'staff', userId: mads.userId }, extra: 1 }, 400],
      [{ ...ok, to: { kind: 'nobody' } }, 400],
    ];
    const before: unknown = await db(server).query(`SELECT count(*)::int AS n FROM requests`);
    for (const [body, status, path] of cases) {
      const res = await open(citizen, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (path) expect(res.body.error.issues?.map((i) => i.path)).toContain(path);
    }
    // Writing to yourself.
    const self = await open(mads, { ...ok, to: { kind: 'staff', userId: mads.userId } });
    expect(self.status).toBe(400);
    expect(
      (
        await api.post('/api/requests', {
          body: { ...ok, to: { kind: 'staff', userId: mads.userId } },
        })
      ).status,
    ).toBe(401);
    const after: unknown = await db(server).query(`SELECT count(*)::int AS n FROM requests`);
    expect(after).toEqual(before);

    const { request } = await toCoCreator(citizen);
    for (const [path, body] of [
      ['status', { status: 'passed_on' }],
      ['status', { status: 'closed' }],
      ['handover', { to: citizen.userId }],
      ['messages', { text: 'a\u0000b' }],
      ['participants', { email: 'not an address' }],
    ] as const) {
      const res = await api.post(`/api/requests/${request.id}/${path}`, {
        token: path === 'handover' ? mads.token : citizen.token,
        body,
      });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
    expect((await api.get('/api/requests/not-a-uuid', { token: citizen.token })).status).toBe(400);
    // The requester cannot set the status or pass it on.
    const status = await api.post(`/api/requests/${request.id}/status`, {
      token: citizen.token,
      body: { status: 'done' },
    });
    expect(status.status).toBe(403);
    const thread = await api.get<RequestThread>(`/api/requests/${request.id}`, {
      token: citizen.token,
    });
    expect(thread.body.status).toBe('new');
    expect(thread.body.entries).toHaveLength(1);
  });

  it('takes a double submission once, even when both arrive at the same moment', async () => {
    const citizen = await signedInPerson(server);
    const mads = await coCreatorOf(server, 'jyderup');
    const body = {
      to: { kind: 'staff', userId: mads.userId },
      forum: 'jyderup',
      subject: 'Bænke langs stien',
      text: 'Kan vi få bænke?',
    };
    const results = await Promise.all([open(citizen, body), open(citizen, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows: unknown[] = await db(server).query(
      `SELECT id FROM requests WHERE requester_id = $1`,
      [citizen.userId],
    );
    expect(rows).toHaveLength(1);
  });
});

describe('partners', () => {
  const slug = 'knabstrup';

  async function member(kind: string, represents?: string) {
    const person = await signedInPerson(server, `Medlem ${kind}`);
    const res = await api.post(`/api/forums/${slug}/members`, {
      token: person.token,
      body: represents ? { kind, represents } : { kind },
    });
    expect(res.status).toBe(201);
    return person;
  }

  it('are listed by the member who represents them, and found by area, kind and topic', async () => {
    const name = `Knabstrup Spejderne ${Date.now()}`;
    const scout = await member('association', name);
    const listed = await api.put<{ id: string; name: string; contactName: string }>(
      `/api/forums/${slug}/partner`,
      {
        token: scout.token,
        body: { topics: ['friluftsliv', 'børn og unge'], description: 'Spejdere hver tirsdag.' },
      },
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body).toMatchObject({ name, contactName: 'Medlem association' });

    const byArea = await api.get<{ id: string; name: string }[]>(`/api/partners?area=${slug}`);
    expect(byArea.body.map((p) => p.name)).toContain(name);
    expect(JSON.stringify(byArea.body)).not.toContain('@');
    const byTopic = await api.get<{ name: string }[]>('/api/partners?topic=friluftslif');
    expect(byTopic.body.map((p) => p.name)).toContain(name);
    const byKind = await api.get<{ name: string }[]>('/api/partners?kind=business');
    expect(byKind.body.map((p) => p.name)).not.toContain(name);
    expect((await api.get('/api/partners?kind=citizen')).status).toBe(400);
    expect((await api.get('/api/partners?area=Not_A_Slug')).status).toBe(400);

    // "Ask to collaborate": a request to the listed contact, who answers but cannot pass it on.
    const asker = await signedInPerson(server, 'Spørge Jørgen');
    const asked = await open(asker, {
      to: { kind: 'partner', partnerId: listed.body.id },
      subject: 'Samarbejde om naturdag',
      text: 'Vil I være med til en naturdag i maj?',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({
      recipientKind: 'partner',
      partner: { id: listed.body.id, name },
      forum: { slug },
      holder: { userId: scout.userId, staffKind: null },
    });
    const received = await api.get<MyRequests>('/api/requests', { token: scout.token });
    expect(received.body.received.map((r) => r.id)).toContain(asked.body.id);
    const pass = await api.post(`/api/requests/${asked.body.id}/handover`, {
      token: scout.token,
      body: { to: (await coCreatorOf(server, slug)).userId },
    });
    expect(pass.status).toBe(403);
    const status = await api.post<RequestThread>(`/api/requests/${asked.body.id}/status`, {
      token: scout.token,
      body: { status: 'in_dialogue' },
    });
    expect(status.body.status).toBe('in_dialogue');
    // It is not a staff request: the area's fælles-skaber does not see it.
    const coCreator = await coCreatorOf(server, slug);
    expect(
      (await api.get(`/api/requests/${asked.body.id}`, { token: coCreator.token })).status,
    ).toBe(404);

    // Leaving the forum takes the listing along.
    expect((await api.delete(`/api/forums/${slug}/members`, { token: scout.token })).status).toBe(
      204,
    );
    const after = await api.get<{ name: string }[]>(`/api/partners?area=${slug}`);
    expect(after.body.map((p) => p.name)).not.toContain(name);
  });

  it('can only be listed by a member who represents something, once per name and forum', async () => {
    const citizen = await member('citizen');
    const res = await api.put<ApiError>(`/api/forums/${slug}/partner`, {
      token: citizen.token,
      body: { topics: [] },
    });
    expect(res.status).toBe(409);
    const outsider = await signedInPerson(server);
    expect(
      (
        await api.put(`/api/forums/${slug}/partner`, {
          token: outsider.token,
          body: { topics: [] },
        })
      ).status,
    ).toBe(403);
    expect((await api.put(`/api/forums/${slug}/partner`, { body: { topics: [] } })).status).toBe(
      401,
    );

    const name = `Knabstrup Lokalhistorie ${Date.now()}`;
    const first = await member('association', name);
    const second = await member('association', name.toUpperCase());
    expect(
      (
        await api.put(`/api/forums/${slug}/partner`, {
          token: first.token,
          body: { topics: ['historie'] },
        })
      ).status,
    ).toBe(200);
    const dup = await api.put<ApiError>(`/api/forums/${slug}/partner`, {
      token: second.token,
      body: { topics: ['historie'] },
    });
    expect(dup.status).toBe(409);
    for (const body of [
      { topics: ['a'] },
      { topics: Array.from({ length: 9 }, (_, i) => `emne ${i}`) },
      { topics: ['natur', 'Natur'] },
      { topics: ['x\u200by'] },
      { topics: 'natur' },
      { topics: [], description: 'x'.repeat(1001) },
    ]) {
      const bad = await api.put(`/api/forums/${slug}/partner`, { token: first.token, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api.delete(`/api/forums/${slug}/partner`, { token: first.token })).status).toBe(
      204,
    );
    expect((await api.delete(`/api/forums/${slug}/partner`, { token: first.token })).status).toBe(
      404,
    );
  });
});

describe('contact persons and staff', () => {
  it('reaches a contact person through a request, never by a published address', async () => {
    const citizen = await signedInPerson(server);
    const anne = await demoPerson(server, 'anne.borger@example.org');
    const res = await open(citizen, {
      to: { kind: 'contactPerson', forum: 'jyderup', userId: anne.userId },
      subject: 'Spørgsmål om mødet',
      text: 'Hvornår er næste møde?',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      recipientKind: 'contactPerson',
      holder: { userId: anne.userId },
    });
  });

  it('shows what staff choose to publish, and only staff can publish it', async () => {
    // Ida publishes nothing in the demo, and no other test file looks at her details.
    const ida = await coCreatorOf(server, 'vipperoed');
    const body = {
      phone: '+45 72 36 00 00',
      email: 'Ida.Omraade@holbaek.dk',
      helpWith: 'Stier og natur.',
    };
    const res = await api.put(`/api/staff/me`, { token: ida.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const listed = await api.get<
      { userId: string; phone: string; email: string; helpWith: string }[]
    >('/api/staff?area=vipperoed');
    expect(listed.body.find((s) => s.userId === ida.userId)).toMatchObject({
      phone: '+45 72 36 00 00',
      email: 'ida.omraade@holbaek.dk',
      helpWith: 'Stier og natur.',
    });
    const cleared = await api.put<{ phone: string | null }>(`/api/staff/me`, {
      token: ida.token,
      body: { phone: '', email: '', helpWith: '' },
    });
    expect(cleared.body).toMatchObject({ phone: null, email: null, helpWith: null });

    const citizen = await signedInPerson(server);
    expect((await api.put(`/api/staff/me`, { token: citizen.token, body })).status).toBe(403);
    for (const bad of [
      { ...body, phone: 'ring mig' },
      { ...body, email: 'nope' },
      { ...body, helpWith: 'x\u202e' },
      { phone: '', email: '' },
    ]) {
      expect((await api.put(`/api/staff/me`, { token: ida.token, body: bad })).status).toBe(400);
    }
  });
});
