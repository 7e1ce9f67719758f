import type { ForumDetail, ForumMember, ForumSummary, Me } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { db, signedInPerson } from './support/factories';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

async function memberCount(slug: string): Promise<number> {
  const res = await api.get<ForumDetail>(`/api/forums/${slug}`);
  return res.body.memberCount;
}

describe('the 18 lokalfora', () => {
  it('lists all 18 Holbæk areas in plan order with their fælles-skaber', async () => {
    const res = await api.get<ForumSummary[]>('/api/forums');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(18);
    expect(res.body[0]!.slug).toBe('holbaek');
    const jyderup = res.body.find((f) => f.slug === 'jyderup')!;
    expect(jyderup).toMatchObject({
      name: 'Jyderup Lokalforum',
      areaName: 'Jyderup',
      places: ['Jyderup', 'Holmstrup'],
      population: 4924,
    });
    expect(res.body.every((f) => f.coCreator?.kind === 'coCreator')).toBe(true);
    expect(new Set(res.body.map((f) => f.coCreator!.userId)).size).toBe(7);
  });

  it('shows one forum with staff, contact persons, members by kind and the grant', async () => {
    const guest = await api.get<ForumDetail>('/api/forums/jyderup');
    expect(guest.status).toBe(200);
    expect(guest.body.contactPersons.map((c) => c.name)).toContain('Anne Borgersen (demo)');
    // No one's e-mail address is published: a contact form (a request) reaches them.
    expect(Object.keys(guest.body.contactPersons[0]!)).toEqual(['userId', 'name']);
    expect(guest.body.members).toBeNull();
    expect(guest.body.membersByKind.association).toBeGreaterThanOrEqual(1);
    expect(guest.body.staff.map((s) => s.kind).sort()).toEqual(['coCreator', 'processConsultant']);
    expect(guest.body.grant).toEqual({
      baseDkk: 12500,
      perInhabitantDkk: 3.5,
      annualDkk: 29734,
      carryOverUnspent: true,
    });

    const person = await signedInPerson(server);
    const signedIn = await api.get<ForumDetail>('/api/forums/jyderup', { token: person.token });
    expect(signedIn.body.members?.map((m) => m.name)).toContain('Bent Foreningsen (demo)');
    expect(JSON.stringify(signedIn.body.contactPersons)).not.toContain('@');
    expect(signedIn.body.myMembership).toBeNull();
  });

  it('answers 404 for an unknown forum and 400 for a malformed slug', async () => {
    const missing = await api.get<{ error: { code: string; message: string } }>(
      '/api/forums/atlantis',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(missing.body.error.message).toMatch(/atlantis/);
    expect((await api.get('/api/forums/Not_A_Slug')).status).toBe(400);
    expect((await api.get('/api/no-such-endpoint')).status).toBe(404);
  });
});

describe('joining and leaving', () => {
  it('lets a signed-in person join as an association and leave again', async () => {
    const person = await signedInPerson(server, 'Foreningsformand');
    const before = await memberCount('tuse');
    const join = await api.post<ForumMember>('/api/forums/tuse/members', {
      token: person.token,
      body: { kind: 'association', represents: '  Tuse Boldklub  ' },
    });
    expect(join.status).toBe(201);
    expect(join.body).toMatchObject({
      kind: 'association',
      represents: 'Tuse Boldklub',
      name: 'Foreningsformand',
    });
    expect(await memberCount('tuse')).toBe(before + 1);

    const me = await api.get<Me>('/api/me', { token: person.token });
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ forumSlug: 'tuse', kind: 'association', isContactPerson: false }),
    ]);

    expect((await api.delete('/api/forums/tuse/members', { token: person.token })).status).toBe(
      204,
    );
    expect(await memberCount('tuse')).toBe(before);
    expect((await api.delete('/api/forums/tuse/members', { token: person.token })).status).toBe(
      404,
    );
  });

  it('refuses joining twice, even when both requests arrive at once', async () => {
    const person = await signedInPerson(server);
    const before = await memberCount('oroe');
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.post('/api/forums/oroe/members', { token: person.token, body: { kind: 'citizen' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const again = await api.post<{ error: { code: string } }>('/api/forums/oroe/members', {
      token: person.token,
      body: { kind: 'business', represents: 'Orø Kro' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(await memberCount('oroe')).toBe(before + 1);
  });

  it('rejects bad input with a clear error and changes nothing', async () => {
    const person = await signedInPerson(server);
    const before = await memberCount('kundby');
    const cases: { body?: unknown; rawBody?: string; code: string }[] = [
      { body: { kind: 'association' }, code: 'validation_failed' },
      { body: { kind: 'mayor' }, code: 'validation_failed' },
      { body: { kind: 'citizen', votes: 2 }, code: 'validation_failed' },
      { body: { kind: 7 }, code: 'validation_failed' },
      { body: { kind: 'business', represents: 'x'.repeat(121) }, code: 'validation_failed' },
      { body: [], code: 'validation_failed' },
      { rawBody: '{"kind": "citizen"', code: 'malformed_json' },
    ];
    for (const c of cases) {
      const res = await api.post<{ statusCode: number; error: { code: string; message: string } }>(
        '/api/forums/kundby/members',
        { token: person.token, ...(c.rawBody ? { rawBody: c.rawBody } : { body: c.body }) },
      );
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.error.code).toBe(c.code);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    const missingForum = await api.post('/api/forums/atlantis/members', {
      token: person.token,
      body: { kind: 'citizen' },
    });
    expect(missingForum.status).toBe(404);
    expect(await memberCount('kundby')).toBe(before);
  });

  it('needs a signed-in person', async () => {
    const res = await api.post<{ error: { code: string } }>('/api/forums/tuse/members', {
      body: { kind: 'citizen' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect((await api.delete('/api/forums/tuse/members')).status).toBe(401);
  });

  it('ends the contact-person role when a contact person leaves', async () => {
    const person = await signedInPerson(server);
    await api.post('/api/forums/regstrup/members', {
      token: person.token,
      body: { kind: 'citizen' },
    });
    const forumId: [{ id: string }] = await db(server).query(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = 'regstrup'`,
    );
    await db(server).query(`INSERT INTO contact_persons (forum_id, user_id) VALUES ($1, $2)`, [
      forumId[0].id,
      person.userId,
    ]);
    expect((await api.get<Me>('/api/me', { token: person.token })).body.role).toBe('contactPerson');
    await api.delete('/api/forums/regstrup/members', { token: person.token });
    expect((await api.get<Me>('/api/me', { token: person.token })).body.role).toBe('citizen');
  });
});

describe('database invariants', () => {
  it('keeps one membership per person and forum and sane representation', async () => {
    const person = await signedInPerson(server);
    const [{ id: forumId }]: [{ id: string }] = await db(server).query(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = 'gislinge'`,
    );
    const insert = (kind: string, represents: string | null) =>
      db(server).query(
        `INSERT INTO memberships (forum_id, user_id, kind, represents) VALUES ($1, $2, $3, $4)`,
        [forumId, person.userId, kind, represents],
      );
    await expect(insert('citizen', 'Some Club')).rejects.toThrow(/memberships_represents/);
    await expect(insert('association', null)).rejects.toThrow(/memberships_represents/);
    await expect(insert('king', null)).rejects.toThrow(/memberships_kind/);
    await insert('citizen', null);
    await expect(insert('citizen', null)).rejects.toThrow(/duplicate key/);
  });

  it('only lets members be contact persons', async () => {
    const person = await signedInPerson(server);
    const [{ id: forumId }]: [{ id: string }] = await db(server).query(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = 'hagested'`,
    );
    await expect(
      db(server).query(`INSERT INTO contact_persons (forum_id, user_id) VALUES ($1, $2)`, [
        forumId,
        person.userId,
      ]),
    ).rejects.toThrow(/foreign key/);
  });

  it('keeps e-mail addresses unique and lower-case', async () => {
    await expect(
      db(server).query(`INSERT INTO users (email, name) VALUES ('Upper@Example.org', 'X')`),
    ).rejects.toThrow(/users_email_lowercase/);
    await expect(
      db(server).query(`INSERT INTO users (email, name) VALUES ('anne.borger@example.org', 'X')`),
    ).rejects.toThrow(/users_email_unique/);
  });
});
