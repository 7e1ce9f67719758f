import type {
  ApiError,
  NotificationPage,
  Pool,
  PoolApplication,
  PoolDetail,
  ProposalApplications,
  ProposalTimeline,
} from '@lokalforum/protocol';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../src/app';
import { Clock } from '../src/common/clock';
import { startProposal } from './support/access';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually, personWithToken } from './support/collab';
import { decidedProposal } from './support/decisions';
import { db, signedInPerson } from './support/factories';
import {
  ADMINISTRATOR,
  coCreatorOf,
  contactPerson,
  demoPerson,
  PROCESS_CONSULTANT,
} from './support/realtime';

/** Jyderup lies outside Holbæk by; its fælles-skaber (demo data) is Mads. */
const FORUM = 'jyderup';

let server: RunningServer;
let api: ApiClient;
let admin: { userId: string; token: string };

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await demoPerson(server, ADMINISTRATOR);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => server?.close());

type Reply<T> = T & ApiError;
const sql = <T = unknown[]>(q: string, p?: unknown[]): Promise<T> => db(server).query<T>(q, p);

/** A pool of this test's own, made by the administrator over the API. */
async function newPool(rules: Record<string, unknown> = {}) {
  const slug = `test-${randomBytes(4).toString('hex')}`;
  const res = await api.post<Reply<Pool>>('/api/pools', {
    token: admin.token,
    body: { slug, name: `Testpulje ${slug}`, ...rules },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const budget = (amountDkk: number, extra: Record<string, unknown> = {}) => ({
  title: 'Shelter ved søen',
  text: 'Vi bygger et shelter, som alle kan låne.',
  lines: [{ description: 'Materialer', amountDkk }],
  ...extra,
});

function apply(slug: string, token: string | undefined, proposalId: string, body: object) {
  return api.post<Reply<PoolApplication>>(`/api/pools/${slug}/applications`, {
    token,
    body: { proposalId, ...body },
  });
}

function step(id: string, name: string, token: string | undefined, body: object = {}) {
  return api.post<Reply<PoolApplication>>(`/api/applications/${id}/${name}`, { token, body });
}

async function applicationCount(proposalId: string): Promise<number> {
  const [row] = await sql<[{ n: number }]>(
    `SELECT count(*)::int AS n FROM pool_applications WHERE proposal_id = $1`,
    [proposalId],
  );
  return row.n;
}

describe('the pools', () => {
  it('lists the seeded pools, the closed one with its years and no new applications', async () => {
    const res = await api.get<Pool[]>('/api/pools');
    expect(res.status).toBe(200);
    const bySlug = new Map(res.body.map((p) => [p.slug, p]));
    expect(bySlug.get('lokalomraadernes-udviklingspulje')).toMatchObject({
      maxPerApplicationDkk: 50000,
      annualDkk: 200000,
      deadline: '03-01',
      excludedAreas: ['holbaek'],
      volunteerHourRateDkk: 100,
      closedAt: null,
    });
    expect(bySlug.get('faellesskabspuljen')).toMatchObject({
      maxPerApplicationDkk: 20000,
      deadline: null,
      requirements: ['coCreatorDialogue'],
      acceptsApplications: true,
    });
    expect(bySlug.get('rum-til-faellesskab')).toMatchObject({
      minPerApplicationDkk: 50000,
      openedYear: 2018,
      closedAt: '2021-12-31T23:00:00.000Z',
      acceptsApplications: false,
    });
    expect(bySlug.get('landsbyfornyelse')?.requirements).toEqual(['buildingOwner']);
    const detail = await api.get<PoolDetail>('/api/pools/rum-til-faellesskab');
    expect(detail.status).toBe(200);
    expect(detail.body.pool.name).toBe('Rum til fællesskab');
    expect((await api.get('/api/pools/findes-ikke')).status).toBe(404);
  });

  it('are added, changed and closed by an administrator only', async () => {
    const citizen = await signedInPerson(server);
    const coCreator = await coCreatorOf(server, FORUM);
    const body = { slug: `test-${randomBytes(4).toString('hex')}`, name: 'Ny pulje' };
    expect((await api.post('/api/pools', { body })).status).toBe(401);
    for (const who of [citizen, coCreator]) {
      const refused = await api.post<ApiError>('/api/pools', { token: who.token, body });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/administrator/);
    }
    const pool = await newPool({ maxPerApplicationDkk: 10000, deadline: '06-30' });
    const taken = await api.post('/api/pools', {
      token: admin.token,
      body: { slug: pool.slug, name: 'Igen' },
    });
    expect(taken.status).toBe(409);

    for (const bad of [
      { minPerApplicationDkk: 5000, maxPerApplicationDkk: 100 },
      { maxPerApplicationDkk: '100' },
      { maxPerApplicationDkk: -1 },
      { maxPerApplicationDkk: 1e12 },
      { deadline: '13-01' },
      { excludedAreas: ['atlantis'] },
    ]) {
      const res = await api.post('/api/pools', {
        token: admin.token,
        body: { slug: `test-${randomBytes(4).toString('hex')}`, name: 'Forkert', ...bad },
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }

    const patch = { maxPerApplicationDkk: 15000, description: 'Ændret' };
    expect(
      (await api.patch(`/api/pools/${pool.slug}`, { token: citizen.token, body: patch })).status,
    ).toBe(403);
    const changed = await api.patch<Pool>(`/api/pools/${pool.slug}`, {
      token: admin.token,
      body: patch,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ maxPerApplicationDkk: 15000, description: 'Ændret' });
    const belowMin = await api.patch(`/api/pools/${pool.slug}`, {
      token: admin.token,
      body: { minPerApplicationDkk: 20000 },
    });
    expect(belowMin.status).toBe(400);

    expect(
      (await api.post(`/api/pools/${pool.slug}/close`, { token: coCreator.token })).status,
    ).toBe(403);
    const closed = await api.post<Pool>(`/api/pools/${pool.slug}/close`, { token: admin.token });
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.acceptsApplications).toBe(false);
    expect((await api.post(`/api/pools/${pool.slug}/close`, { token: admin.token })).status).toBe(
      409,
    );
    const listed = await api.get<Pool[]>('/api/pools');
    expect(listed.body.some((p) => p.slug === pool.slug)).toBe(true);
  });
});

describe('applying from an adopted proposal', () => {
  it('starts from the adopted text, and only its authors and contact persons may apply', async () => {
    const decided = await decidedProposal(server, FORUM);
    const other = await personWithToken((q, p) => sql(q, p), FORUM, 'Anden Borger');
    const mine = await api.get<ProposalApplications>(
      `/api/proposals/${decided.proposal.id}/applications`,
      { token: decided.author.token },
    );
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      mayApply: true,
      sealed: {
        versionNumber: decided.version.number,
        title: decided.version.title,
        text: decided.version.text,
      },
      applications: [],
    });
    const theirs = await api.get<ProposalApplications>(
      `/api/proposals/${decided.proposal.id}/applications`,
      { token: other.token },
    );
    expect(theirs.body.mayApply).toBe(false);
    const guests = await api.get<ProposalApplications>(
      `/api/proposals/${decided.proposal.id}/applications`,
    );
    expect(guests.body.mayApply).toBe(false);

    const pool = await newPool({ maxPerApplicationDkk: 20000 });
    expect((await apply(pool.slug, undefined, decided.proposal.id, budget(1000))).status).toBe(401);
    const refused = await apply(pool.slug, other.token, decided.proposal.id, budget(1000));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/forfattere.*kontaktpersoner/);

    const contact = await contactPerson(server, FORUM);
    const byContact = await apply(pool.slug, contact.token, decided.proposal.id, budget(1000));
    expect(byContact.status, JSON.stringify(byContact.body)).toBe(201);
    expect(byContact.body).toMatchObject({
      status: 'received',
      requestedDkk: 1000,
      proposal: { id: decided.proposal.id, versionNumber: decided.version.number },
      applicant: { userId: contact.userId },
      mayTake: [],
    });
  });

  it('refuses a proposal that was not adopted', async () => {
    const author = await personWithToken((q, p) => sql(q, p), FORUM, 'Udkast Forfatter');
    const { proposal } = await startProposal(server, FORUM, author.token);
    const pool = await newPool();
    const res = await apply(pool.slug, author.token, proposal.id, budget(1000));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/vedtaget/);
    const notAdopted = await decidedProposal(server, FORUM, { outcome: 'not_adopted' });
    const again = await apply(
      pool.slug,
      notAdopted.author.token,
      notAdopted.proposal.id,
      budget(1),
    );
    expect(again.status).toBe(409);
  });

  it('asks for the budget less own funding and volunteer hours at the pool’s rate', async () => {
    const decided = await decidedProposal(server, FORUM);
    const pool = await newPool({ maxPerApplicationDkk: 50000, volunteerHourRateDkk: 100 });
    const res = await apply(pool.slug, decided.author.token, decided.proposal.id, {
      ...budget(0),
      lines: [
        { description: 'Træ', amountDkk: 22000 },
        { description: 'Tag', amountDkk: 8000 },
      ],
      ownFundingDkk: 5000,
      volunteerHours: 50,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      totalDkk: 30000,
      ownFundingDkk: 5000,
      volunteerHours: 50,
      volunteerHourRateDkk: 100,
      requestedDkk: 20000,
      lines: [
        { description: 'Træ', amountDkk: 22000 },
        { description: 'Tag', amountDkk: 8000 },
      ],
    });
  });

  it('refuses amounts outside the pool’s limits, naming the limit, and changes nothing', async () => {
    const decided = await decidedProposal(server, FORUM);
    const id = decided.proposal.id;
    const token = decided.author.token;
    const capped = await newPool({ maxPerApplicationDkk: 50000 });
    const above = await apply(capped.slug, token, id, budget(50001));
    expect(above.status).toBe(400);
    expect(above.body.error.message).toContain('højst 50.000 kr.');
    const floored = await newPool({ minPerApplicationDkk: 50000 });
    const below = await apply(floored.slug, token, id, budget(49999));
    expect(below.status).toBe(400);
    expect(below.body.error.message).toContain('mindst 50.000 kr.');
    const nothing = await apply(capped.slug, token, id, { ...budget(1000), ownFundingDkk: 1000 });
    expect(nothing.status).toBe(400);
    const tooMuchOwn = await apply(capped.slug, token, id, {
      ...budget(1000),
      ownFundingDkk: 2000,
    });
    expect(tooMuchOwn.status).toBe(400);

    for (const amountDkk of [-1, '100', 1e12, 1.5, null, 'mange']) {
      const res = await apply(capped.slug, token, id, {
        ...budget(0),
        lines: [{ description: 'Materialer', amountDkk }],
      });
      expect(res.status, String(amountDkk)).toBe(400);
      expect(res.body.error.issues?.[0]?.path).toBe('lines.0.amountDkk');
    }
    for (const extra of [
      { ownFundingDkk: -5 },
      { volunteerHours: '10' },
      { volunteerHours: -1 },
      { lines: [] },
      { title: '' },
      { declarations: ['ownsTheMoon'] },
    ]) {
      const res = await apply(capped.slug, token, id, { ...budget(1000), ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
    }
    const malformed = await api.post(`/api/pools/${capped.slug}/applications`, {
      token,
      rawBody: '{"proposalId": ',
    });
    expect(malformed.status).toBe(400);
    expect(await applicationCount(id)).toBe(0);
  });

  it('takes applications until the end of the deadline day, Danish time', async () => {
    const decided = await decidedProposal(server, FORUM);
    const pool = await newPool({ deadline: '03-01', maxPerApplicationDkk: 50000 });
    // The session must outlast the moved clock.
    await sql(`UPDATE sessions SET expires_at = '2028-01-01' WHERE user_id = $1`, [
      decided.author.userId,
    ]);
    const clock = server.app.get(Clock);
    // 23:59 on 1 March in Copenhagen (CET, UTC+1).
    vi.spyOn(clock, 'now').mockReturnValue(new Date('2027-03-01T22:59:00Z'));
    expect(
      (await api.get<PoolDetail>(`/api/pools/${pool.slug}`)).body.pool.acceptsApplications,
    ).toBe(true);
    // Midnight: 2 March has begun in Denmark, though it is still 1 March in UTC.
    vi.spyOn(clock, 'now').mockReturnValue(new Date('2027-03-01T23:00:00Z'));
    const late = await apply(pool.slug, decided.author.token, decided.proposal.id, budget(1000));
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/fristen 1\/3 2027 er overskredet/);
    expect(await applicationCount(decided.proposal.id)).toBe(0);
    vi.spyOn(clock, 'now').mockReturnValue(new Date('2027-03-01T22:59:00Z'));
    const inTime = await apply(pool.slug, decided.author.token, decided.proposal.id, budget(1000));
    expect(inTime.status, JSON.stringify(inTime.body)).toBe(201);
  });

  it('refuses a closed pool, an excluded area and a missing declaration', async () => {
    const decided = await decidedProposal(server, FORUM);
    const closedRes = await apply(
      'rum-til-faellesskab',
      decided.author.token,
      decided.proposal.id,
      budget(60000),
    );
    expect(closedRes.status).toBe(409);
    expect(closedRes.body.error.message).toMatch(/lukket/);

    const inTown = await decidedProposal(server, 'holbaek');
    const excluded = await newPool({ excludedAreas: ['holbaek'] });
    const refused = await apply(
      excluded.slug,
      inTown.author.token,
      inTown.proposal.id,
      budget(1000),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Lokalområdet kan ikke søge/);

    const owners = await newPool({ requirements: ['buildingOwner'] });
    const undeclared = await apply(
      owners.slug,
      decided.author.token,
      decided.proposal.id,
      budget(1000),
    );
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error.message).toMatch(/ejer/);
    expect(await applicationCount(decided.proposal.id)).toBe(0);
    const declared = await apply(owners.slug, decided.author.token, decided.proposal.id, {
      ...budget(1000),
      declarations: ['buildingOwner'],
    });
    expect(declared.status).toBe(201);
    expect(declared.body.declarations).toEqual(['buildingOwner']);
  });

  it('refuses a second live application to the same pool, also when two arrive at once', async () => {
    const decided = await decidedProposal(server, FORUM);
    const pool = await newPool();
    const both = await Promise.all([
      apply(pool.slug, decided.author.token, decided.proposal.id, budget(1000)),
      apply(pool.slug, decided.author.token, decided.proposal.id, budget(2000)),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const again = await apply(pool.slug, decided.author.token, decided.proposal.id, budget(3000));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/allerede en ansøgning/);
    expect(await applicationCount(decided.proposal.id)).toBe(1);

    // A declined application may be followed by a new one.
    const first = both.find((r) => r.status === 201)!.body;
    const staff = await coCreatorOf(server, FORUM);
    expect((await step(first.id, 'review', staff.token)).status).toBe(200);
    const declined = await step(first.id, 'decline', staff.token, {
      reason: 'Projektet ligger uden for puljens formål i år.',
    });
    expect(declined.status).toBe(200);
    const anew = await apply(pool.slug, decided.author.token, decided.proposal.id, budget(3000));
    expect(anew.status).toBe(201);
  });
});

describe('an application’s steps', () => {
  it('go received → under review → granted → paid → reported, each by the right role', async () => {
    const decided = await decidedProposal(server, FORUM, { authorName: 'Ansøger Forfatter' });
    const pool = await newPool({ maxPerApplicationDkk: 20000 });
    const created = await apply(
      pool.slug,
      decided.author.token,
      decided.proposal.id,
      budget(15000),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const coCreator = await coCreatorOf(server, FORUM);
    const [elsewhere] = await sql<{ id: string }[]>(
      `SELECT s.user_id AS id FROM staff s WHERE s.kind = 'coCreator' AND NOT EXISTS (
         SELECT 1 FROM areas a WHERE a.slug = $1 AND a.co_creator_id = s.user_id) LIMIT 1`,
      [FORUM],
    );
    const otherCoCreator = await demoPersonById(elsewhere!.id);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const member = await personWithToken((q, p) => sql(q, p), FORUM, 'Medlem Uden Rolle');

    const staffView = await api.get<PoolApplication>(`/api/applications/${id}`, {
      token: coCreator.token,
    });
    expect(staffView.body.mayTake).toEqual(['review']);
    const guestView = await api.get<PoolApplication>(`/api/applications/${id}`);
    expect(guestView.status).toBe(200);
    expect(guestView.body.mayTake).toEqual([]);

    expect((await step(id, 'review', undefined)).status).toBe(401);
    for (const who of [decided.author, member, otherCoCreator]) {
      const res = await step(id, 'review', who.token);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/fælles-skaber/);
    }
    expect((await step(id, 'grant', coCreator.token, { grantedDkk: 100 })).status).toBe(409);
    expect((await step(id, 'pay', coCreator.token)).status).toBe(409);
    const reviewed = await step(id, 'review', coCreator.token);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('under_review');
    expect(reviewed.body.mayTake).toEqual(['grant', 'decline']);
    const twice = await step(id, 'review', coCreator.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/under behandling/);

    for (const grantedDkk of [15001, 0, -1, '100', 1.5]) {
      const res = await step(id, 'grant', consultant.token, { grantedDkk });
      expect(res.status, String(grantedDkk)).toBe(400);
    }
    // Two people pressing "grant" at once: one wins, the other is told it already moved.
    const grants = await Promise.all([
      step(id, 'grant', consultant.token, { grantedDkk: 12000, note: 'Uden tagpap' }),
      step(id, 'grant', admin.token, { grantedDkk: 15000 }),
    ]);
    expect(grants.map((r) => r.status).sort()).toEqual([200, 409]);
    const granted = grants.find((r) => r.status === 200)!.body;
    expect(granted.status).toBe('granted');

    expect((await step(id, 'report', decided.author.token, { text: 'For tidligt' })).status).toBe(
      409,
    );
    expect((await step(id, 'pay', decided.author.token)).status).toBe(403);
    const paid = await step(id, 'pay', admin.token);
    expect(paid.status).toBe(200);
    expect(paid.body.paidAt).not.toBeNull();

    expect((await step(id, 'report', coCreator.token, { text: 'Staff' })).status).toBe(403);
    expect((await step(id, 'report', member.token, { text: 'Ikke min' })).status).toBe(403);
    expect((await step(id, 'report', decided.author.token, { text: '' })).status).toBe(400);
    const contact = await contactPerson(server, FORUM, 'Kontakt Rapport');
    const reported = await step(id, 'report', contact.token, {
      text: 'Shelteret stod færdigt i maj og er lånt ud tolv gange.',
    });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'reported',
      reportText: 'Shelteret stod færdigt i maj og er lånt ud tolv gange.',
      grantedDkk: granted.grantedDkk,
      mayTake: [],
    });
    expect((await step(id, 'decline', admin.token, { reason: 'x'.repeat(30) })).status).toBe(409);

    const timeline = await api.get<ProposalTimeline>(
      `/api/proposals/${decided.proposal.id}/timeline`,
    );
    const steps = timeline.body.entries.filter((e) => e.kind === 'poolApplication');
    expect(steps.map((e) => [e.data.status, e.actor.role])).toEqual([
      ['received', 'member'],
      ['under_review', 'coCreator'],
      ['granted', granted.grantedDkk === 12000 ? 'processConsultant' : 'administrator'],
      ['paid', 'administrator'],
      ['reported', 'contactPerson'],
    ]);
    expect(steps[0]!.data).toMatchObject({
      applicationId: id,
      poolSlug: pool.slug,
      amountDkk: 15000,
    });

    // The author hears of every step but the first (their own); the fælles-skaber of the new one.
    const told = await eventually(async () => {
      const page = await api.get<NotificationPage>('/api/notifications', {
        token: decided.author.token,
      });
      const statuses = page.body.items
        .filter((n) => n.kind === 'poolApplication')
        .map((n) => n.kind === 'poolApplication' && n.data.status);
      expect(statuses).toHaveLength(4);
      return statuses;
    });
    expect(told.sort()).toEqual(['granted', 'paid', 'reported', 'under_review']);
    await eventually(async () => {
      const page = await api.get<NotificationPage>('/api/notifications', {
        token: coCreator.token,
      });
      const mine = page.body.items.filter(
        (n) => n.kind === 'poolApplication' && n.data.applicationId === id,
      );
      expect(mine.map((n) => n.kind === 'poolApplication' && n.data.status).sort()).toEqual([
        'received',
        'reported',
      ]);
    });
  });

  it('declines with reasons, after which nothing more happens', async () => {
    const decided = await decidedProposal(server, FORUM);
    const pool = await newPool();
    const { body } = await apply(
      pool.slug,
      decided.author.token,
      decided.proposal.id,
      budget(5000),
    );
    const staff = await coCreatorOf(server, FORUM);
    const early = { reason: 'Vi har ikke set på den endnu, men siger nej.' };
    expect((await step(body.id, 'decline', staff.token, early)).status).toBe(409);
    await step(body.id, 'review', staff.token);
    expect((await step(body.id, 'decline', staff.token, { reason: 'For kort' })).status).toBe(400);
    const declined = await step(body.id, 'decline', staff.token, {
      reason: 'Puljen er brugt op i år; søg gerne igen næste år.',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      declineReason: 'Puljen er brugt op i år; søg gerne igen næste år.',
      grantedDkk: null,
    });
    expect((await step(body.id, 'pay', staff.token)).status).toBe(409);
    expect((await step(body.id, 'grant', staff.token, { grantedDkk: 10 })).status).toBe(409);
    expect(
      (await api.post(`/api/applications/${randomUuid()}/review`, { token: staff.token, body: {} }))
        .status,
    ).toBe(404);
    expect((await api.get('/api/applications/not-a-uuid')).status).toBe(400);
    const detail = await api.get<PoolDetail>(`/api/pools/${pool.slug}`);
    expect(detail.body.pool.history).toEqual({ applications: 1, granted: 0, grantedDkk: 0 });
    expect(detail.body.applications.map((a) => a.status)).toEqual(['declined']);
  });
});

async function demoPersonById(userId: string) {
  const [row] = await sql<{ email: string }[]>(`SELECT email FROM users WHERE id = $1`, [userId]);
  return demoPerson(server, row!.email);
}

function randomUuid(): string {
  return '00000000-0000-4000-8000-' + randomBytes(6).toString('hex');
}
