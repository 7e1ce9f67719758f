import type {
  ApiError,
  Comment,
  Debate,
  EscalationView,
  InboxItem,
  StaffWorkspace,
  WorkspaceArea,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { startProposal } from './support/access';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { personWithToken } from './support/collab';
import { pastEscalation } from './support/decisions';
import { db, signedInPerson } from './support/factories';
import { coCreatorOf, demoPerson, PROCESS_CONSULTANT } from './support/realtime';

/**
 * Peter Dialogsen (demo data) covers Regstrup, Kundby and Stestrup; this file
 * escalates only in Regstrup. Other files post in these forums at the same
 * time, so counts of what is new are checked on what this file dates itself.
 */
const FORUM = 'regstrup';
/** A forum Peter does not cover, to follow. */
const FOLLOWED = 'oroe';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const sql = <T = unknown[]>(q: string, p?: unknown[]): Promise<T> => db(server).query<T>(q, p);

const workspace = async (token: string) => {
  const res = await api.get<StaffWorkspace>('/api/staff/workspace', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const area = (ws: StaffWorkspace, slug: string): WorkspaceArea | undefined =>
  ws.areas.find((a) => a.slug === slug);

describe('the inbox', () => {
  it('lists my escalations, most overdue first, then by due date', async () => {
    const peter = await coCreatorOf(server, FORUM);
    // Escalated 20 days ago with 14 to answer: 6 days overdue; 16 ago with 14: 2 days overdue.
    const longOverdue = await pastEscalation(server, FORUM, peter.userId, 20, 14);
    const dueSoon = await pastEscalation(server, FORUM, peter.userId, 10, 14);
    const overdue = await pastEscalation(server, FORUM, peter.userId, 16, 14);
    const dueLater = await pastEscalation(server, FORUM, peter.userId, 1, 14);
    // Answered after its due date: no longer overdue, after everything still waiting.
    const answered = await pastEscalation(server, FORUM, peter.userId, 30, 14);
    const res = await api.post(`/api/escalations/${answered.escalationId}/answers`, {
      token: peter.token,
      body: { status: 'received', text: 'Undskyld ventetiden.' },
    });
    expect(res.status).toBe(201);

    const inbox = await api.get<InboxItem[]>('/api/staff/inbox', { token: peter.token });
    expect(inbox.status).toBe(200);
    const mine = [longOverdue, overdue, dueSoon, dueLater, answered].map((e) => e.escalationId);
    const escalations = inbox.body.filter((i) => i.kind === 'escalation');
    const order = escalations.filter((i) => mine.includes(i.escalationId));
    expect(order.map((i) => i.escalationId)).toEqual(mine);
    expect(order.map((i) => i.overdue)).toEqual([true, true, false, false, false]);
    expect(order[0]).toMatchObject({
      proposalId: longOverdue.proposal.id,
      proposalTitle: 'Legeplads ved hallen',
      proposalStatus: 'escalated',
      forumSlug: FORUM,
      status: 'waiting',
      answerCount: 0,
    });
    expect(order[4]).toMatchObject({ status: 'received', answerCount: 1 });

    // Overdue is public: the proposal's escalation says so to a guest too.
    const view = await api.get<EscalationView>(`/api/escalations/${longOverdue.escalationId}`);
    expect(view.body.overdue).toBe(true);

    // Someone else's inbox does not hold them.
    const karen = await coCreatorOf(server, 'holbaek');
    const other = await api.get<InboxItem[]>('/api/staff/inbox', { token: karen.token });
    expect(other.body.some((i) => i.kind === 'escalation' && mine.includes(i.escalationId))).toBe(
      false,
    );
  });

  it('is for staff only', async () => {
    const citizen = await signedInPerson(server);
    expect((await api.get('/api/staff/inbox')).status).toBe(401);
    const res = await api.get<ApiError>('/api/staff/inbox', { token: citizen.token });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect((await api.get('/api/staff/workspace', { token: citizen.token })).status).toBe(403);
    expect((await api.put(`/api/staff/follows/${FOLLOWED}`, { token: citizen.token })).status).toBe(
      403,
    );
  });
});

describe('the workspace', () => {
  it('shows my areas with what is new since I last looked', async () => {
    const peter = await coCreatorOf(server, FORUM);
    const ws = await workspace(peter.token);
    expect(ws.me).toMatchObject({ userId: peter.userId, kind: 'coCreator' });
    expect(ws.areas.filter((a) => a.covered).map((a) => a.slug)).toEqual([
      'regstrup',
      'kundby',
      'stestrup',
    ]);

    // Seen "an hour from now": only what this test dates after that counts as new.
    const later = new Date(Date.now() + 3_600_000);
    const seen = await api.post(`/api/staff/forums/${FORUM}/seen`, { token: peter.token });
    expect(seen.status).toBe(204);
    await sql(`UPDATE staff_forum_views SET last_seen_at = $2 WHERE user_id = $1`, [
      peter.userId,
      later,
    ]);
    const before = area(await workspace(peter.token), FORUM);
    expect(before?.newSince).toEqual({ proposals: 0, votes: 0, debates: 0, reports: 0 });
    expect(before?.lastSeenAt).toBe(later.toISOString());

    const member = await personWithToken(sql, FORUM, 'Nina Ny');
    const { proposal } = await startProposal(server, FORUM, member.token);
    const debates: Debate[] = [];
    for (const title of ['Busstop', 'Gadelys']) {
      const res = await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
        token: member.token,
        body: { title, body: 'Hvad synes I?' },
      });
      debates.push(res.body);
    }
    const reporter = await signedInPerson(server);
    const report = await api.post(`/api/reports`, {
      token: reporter.token,
      body: { post: { kind: 'debate', id: debates[0]!.id }, reason: 'Reklame' },
    });
    expect(report.status).toBe(201);
    const frozen = await api.post(`/api/proposals/${proposal.id}/versions`, {
      token: member.token,
    });
    expect(frozen.status).toBe(201);
    await sql(
      `INSERT INTO votes (proposal_id, forum_id, version_number, opened_at, closes_at, majority,
         tally_visibility, members_before_vote_only)
       SELECT id, forum_id, 1, $2, $2::timestamptz + interval '7 days', 'moreYesThanNo', 'live', true
         FROM proposals WHERE id = $1`,
      [proposal.id, new Date(later.getTime() + 60_000)],
    );
    const soon = new Date(later.getTime() + 60_000);
    await sql(`UPDATE proposals SET created_at = $2 WHERE id = $1`, [proposal.id, soon]);
    await sql(`UPDATE debates SET created_at = $2 WHERE id = ANY($1)`, [
      debates.map((d) => d.id),
      soon,
    ]);
    await sql(`UPDATE reports SET created_at = $2 WHERE debate_id = $1`, [debates[0]!.id, soon]);

    const after = area(await workspace(peter.token), FORUM);
    expect(after?.newSince).toEqual({ proposals: 1, votes: 1, debates: 2, reports: 1 });

    // Opening the forum again: nothing is new any more.
    await sql(`UPDATE staff_forum_views SET last_seen_at = $2 WHERE user_id = $1`, [
      peter.userId,
      new Date(soon.getTime() + 60_000),
    ]);
    expect(area(await workspace(peter.token), FORUM)?.newSince).toEqual({
      proposals: 0,
      votes: 0,
      debates: 0,
      reports: 0,
    });
    // A forum never opened counts everything it has.
    const never = area(await workspace(peter.token), 'stestrup');
    expect(never?.lastSeenAt).toBeNull();
  });

  it('lets staff follow and unfollow other areas', async () => {
    const peter = await coCreatorOf(server, FORUM);
    expect(area(await workspace(peter.token), FOLLOWED)).toBeUndefined();
    expect((await workspace(peter.token)).otherForums.map((f) => f.slug)).toContain(FOLLOWED);

    expect((await api.put(`/api/staff/follows/${FOLLOWED}`, { token: peter.token })).status).toBe(
      204,
    );
    expect((await api.put(`/api/staff/follows/${FOLLOWED}`, { token: peter.token })).status).toBe(
      204,
    );
    const following = await workspace(peter.token);
    expect(area(following, FOLLOWED)).toMatchObject({ covered: false, followed: true });
    expect(following.otherForums.map((f) => f.slug)).not.toContain(FOLLOWED);

    expect((await api.put('/api/staff/follows/atlantis', { token: peter.token })).status).toBe(404);
    expect((await api.put('/api/staff/follows/Not_A_Slug', { token: peter.token })).status).toBe(
      400,
    );
    expect((await api.post('/api/staff/forums/atlantis/seen', { token: peter.token })).status).toBe(
      404,
    );

    expect(
      (await api.delete(`/api/staff/follows/${FOLLOWED}`, { token: peter.token })).status,
    ).toBe(204);
    expect(area(await workspace(peter.token), FOLLOWED)).toBeUndefined();
  });

  it('lists debates in my areas waiting for a staff answer, oldest first', async () => {
    const peter = await coCreatorOf(server, FORUM);
    const citizen = await signedInPerson(server, 'Spørge Jørgen');
    const post = async (title: string) =>
      (
        await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
          token: citizen.token,
          body: { title, body: 'Kan kommunen svare?' },
        })
      ).body;
    const older = await post('Hvornår kommer cykelstien?');
    const newer = await post('Hvem slår græsset?');
    const answeredByCitizen = await post('Affald i parken');
    await api.post<Comment>(`/api/debates/${answeredByCitizen.id}/comments`, {
      token: citizen.token,
      body: { body: 'Det synes jeg også.' },
    });

    const waiting = (await workspace(peter.token)).waitingDebates.map((d) => d.id);
    expect(waiting).toContain(older.id);
    expect(waiting.indexOf(older.id)).toBeLessThan(waiting.indexOf(newer.id));
    // A citizen's comment is not a staff answer.
    expect(waiting).toContain(answeredByCitizen.id);

    const reply = await api.post<Comment>(`/api/debates/${older.id}/comments`, {
      token: peter.token,
      body: { body: 'Til foråret.' },
    });
    expect(reply.status).toBe(201);
    const now = (await workspace(peter.token)).waitingDebates.map((d) => d.id);
    expect(now).not.toContain(older.id);
    expect(now).toContain(newer.id);

    // The process consultant covers every area.
    const henrik = await demoPerson(server, PROCESS_CONSULTANT);
    const consultant = await workspace(henrik.token);
    expect(consultant.areas).toHaveLength(18);
    expect(consultant.areas.every((a) => a.covered)).toBe(true);
  });
});

describe('the staff directory', () => {
  it('lists staff with their field and areas, for choosing a recipient', async () => {
    const res =
      await api.get<{ userId: string; kind: string; field: string; areas: string[] }[]>(
        '/api/staff',
      );
    expect(res.status).toBe(200);
    const peter = await coCreatorOf(server, FORUM);
    expect(res.body.find((s) => s.userId === peter.userId)).toEqual({
      userId: peter.userId,
      name: peter.name,
      kind: 'coCreator',
      field: 'Plan og byudvikling',
      areas: ['regstrup', 'kundby', 'stestrup'],
      // Nothing published (the demo's Peter has not chosen to).
      phone: null,
      email: null,
      helpWith: null,
    });
    expect(res.body.at(-1)?.kind).toBe('processConsultant');
  });
});
