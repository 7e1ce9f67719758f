import type {
  ApiError,
  Debate,
  EscalationView,
  ForumEvent,
  ProposalDetail,
  ProposalEscalation,
  StaffDirectoryEntry,
} from '@lokalforum/protocol';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { ProposalTimelineService } from '../src/proposals/proposal-timeline';
import { startProposal } from './support/access';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually, personWithToken } from './support/collab';
import { decidedProposal } from './support/decisions';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  coCreatorOf,
  connect,
  contactPerson,
  demoPerson,
  ok,
  PROCESS_CONSULTANT,
  recordEvents,
} from './support/realtime';

/** This file's forum: Jyderup, whose fælles-skaber (demo data) also covers Knabstrup and Mørkøv. */
const FORUM = 'jyderup';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

const sql = <T = unknown[]>(q: string, p?: unknown[]): Promise<T> => db(server).query<T>(q, p);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
type Failure = ApiError;

function escalate(proposalId: string, token: string | undefined, body: object = {}) {
  return api.post<EscalationView & Failure>(`/api/proposals/${proposalId}/escalation`, {
    token,
    body,
  });
}
function answer(escalationId: string, token: string | undefined, body: object) {
  return api.post<EscalationView & Failure>(`/api/escalations/${escalationId}/answers`, {
    token,
    body,
  });
}
function handOver(escalationId: string, token: string | undefined, body: object) {
  return api.post<EscalationView & Failure>(`/api/escalations/${escalationId}/handover`, {
    token,
    body,
  });
}

/** An adopted proposal with a debate about it, escalated by its author. */
async function escalated(body: object = {}) {
  const decided = await decidedProposal(server, FORUM);
  const res = await escalate(decided.proposal.id, decided.author.token, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...decided, escalation: res.body };
}

describe('escalating an adopted proposal', () => {
  it('seals the package: frozen text and hash, final tally, forum, authors, dissent, debates', async () => {
    const decided = await decidedProposal(server, FORUM, {
      tally: { yes: 4, no: 2, abstain: 1 },
      authorName: 'Aase Forfatter',
    });
    const debate = await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
      token: decided.author.token,
      body: {
        title: 'Hvad med parkering?',
        body: 'Lad os tale om det.',
        proposalId: decided.proposal.id,
      },
    });
    expect(debate.status).toBe(201);
    const hidden = await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
      token: decided.author.token,
      body: { title: 'Skjult tråd', body: 'Skjult.', proposalId: decided.proposal.id },
    });
    await sql(`UPDATE debates SET hidden_at = now(), hidden_reason = 'test' WHERE id = $1`, [
      hidden.body.id,
    ]);
    const coCreator = await coCreatorOf(server, FORUM);

    const res = await escalate(decided.proposal.id, decided.author.token, {
      dissent: 'Vi frygter for mere trafik.',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const escalation = res.body;
    expect(escalation).toMatchObject({
      proposalId: decided.proposal.id,
      forumSlug: FORUM,
      recipientKind: 'coCreator',
      recipient: { userId: coCreator.userId, name: coCreator.name, kind: 'coCreator' },
      assignee: { userId: coCreator.userId },
      status: 'waiting',
      overdue: false,
      answers: [],
      handovers: [],
    });
    const days =
      (Date.parse(escalation.answerDueAt) - Date.parse(escalation.escalatedAt)) / 86_400_000;
    expect(days).toBe(14);
    expect(escalation.package).toEqual({
      proposal: { id: decided.proposal.id, title: 'Legeplads ved hallen' },
      version: {
        number: decided.version.number,
        title: decided.version.title,
        text: decided.version.text,
        textSha256: sha256(decided.version.text),
      },
      tally: {
        voteId: decided.voteId,
        yes: 4,
        no: 2,
        abstain: 1,
        closedAt: expect.any(String) as string,
      },
      forum: { slug: FORUM, name: expect.any(String) as string },
      authors: [{ name: 'Aase Forfatter' }],
      dissent: 'Vi frygter for mere trafik.',
      debates: [
        { id: debate.body.id, title: 'Hvad med parkering?', path: `/debatter/${debate.body.id}` },
      ],
      sealedAt: escalation.escalatedAt,
    });

    // The hash is of the stored package as PostgreSQL writes it, and the API shows that hash.
    const [stored] = await sql<{ text: string; package_sha256: string }[]>(
      `SELECT package::text AS text, package_sha256 FROM escalations WHERE id = $1`,
      [escalation.id],
    );
    expect(stored!.package_sha256).toBe(sha256(stored!.text));
    expect(escalation.packageSha256).toBe(stored!.package_sha256);

    const proposal = await api.get<ProposalDetail>(`/api/proposals/${decided.proposal.id}`);
    expect(proposal.body.status).toBe('escalated');
    const entries = await server.app.get(ProposalTimelineService).list(decided.proposal.id);
    expect(entries.at(-2)).toMatchObject({
      kind: 'statusChanged',
      data: { from: 'adopted', to: 'escalated' },
    });
    expect(entries.at(-1)).toMatchObject({
      kind: 'escalated',
      actor: { userId: decided.author.userId, name: 'Aase Forfatter', role: 'member' },
      data: {
        escalationId: escalation.id,
        recipientName: coCreator.name,
        recipientKind: 'coCreator',
        answerDueAt: escalation.answerDueAt,
      },
    });

    // Anyone may read it, with the forum seq to join the room from.
    const read = await api.get<ProposalEscalation>(
      `/api/proposals/${decided.proposal.id}/escalation`,
    );
    expect(read.status).toBe(200);
    expect(read.body.escalation).toEqual(escalation);
    expect(read.body.seq).toBeGreaterThan(0);
  });

  it('is for its authors and the forum’s contact persons, only when adopted, and only once', async () => {
    const decided = await decidedProposal(server, FORUM);
    const member = await personWithToken(sql, FORUM);
    const coCreator = await coCreatorOf(server, FORUM);
    const id = decided.proposal.id;
    expect((await escalate(id, undefined)).status).toBe(401);
    const byMember = await escalate(id, member.token);
    expect([byMember.status, byMember.body.error.code]).toEqual([403, 'forbidden']);
    expect((await escalate(id, coCreator.token)).status).toBe(403);
    expect((await escalate('00000000-0000-4000-8000-000000000000', member.token)).status).toBe(404);
    expect((await escalate('nope', member.token)).status).toBe(400);

    const contact = await contactPerson(server, FORUM, 'Kirsten Kontakt');
    const first = await escalate(id, contact.token);
    expect(first.status).toBe(201);
    const entries = await server.app.get(ProposalTimelineService).list(id);
    expect(entries.at(-1)?.actor).toMatchObject({ name: 'Kirsten Kontakt', role: 'contactPerson' });

    const twice = await escalate(id, decided.author.token);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'conflict']);
    const [count] = await sql<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM escalations WHERE proposal_id = $1`,
      [id],
    );
    expect(count!.n).toBe(1);

    // Not adopted: a draft, and one the vote turned down.
    const author = await personWithToken(sql, FORUM);
    const { proposal: draft } = await startProposal(server, FORUM, author.token);
    const notYet = await escalate(draft.id, author.token);
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'conflict']);
    const rejected = await decidedProposal(server, FORUM, { outcome: 'not_adopted' });
    expect((await escalate(rejected.proposal.id, rejected.author.token)).status).toBe(409);
    const [status] = await sql<{ status: string }[]>(`SELECT status FROM proposals WHERE id = $1`, [
      rejected.proposal.id,
    ]);
    expect(status!.status).toBe('not_adopted');
  });

  it('escalates once when several try at the same time', async () => {
    const decided = await decidedProposal(server, FORUM);
    const contact = await contactPerson(server, FORUM);
    const results = await Promise.all(
      [decided.author.token, contact.token, decided.author.token, contact.token].map((token) =>
        escalate(decided.proposal.id, token),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const entries = await server.app.get(ProposalTimelineService).list(decided.proposal.id);
    expect(entries.filter((e) => e.kind === 'escalated')).toHaveLength(1);
  });

  it('reads as none before it is escalated, and 404 for an unknown proposal', async () => {
    const decided = await decidedProposal(server, FORUM);
    const res = await api.get<ProposalEscalation>(
      `/api/proposals/${decided.proposal.id}/escalation`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ proposalId: decided.proposal.id, escalation: null });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api.get(`/api/proposals/${unknown}/escalation`)).status).toBe(404);
    expect((await api.get(`/api/escalations/${unknown}`)).status).toBe(404);
  });

  it('refuses bad bodies and unknown recipients with 400, changing nothing', async () => {
    const decided = await decidedProposal(server, FORUM);
    const member = await signedInPerson(server, 'Ikke Medarbejder');
    for (const body of [
      { dissent: 'x'.repeat(1001) },
      { dissent: '   ' },
      { dissent: 'a\u202Eb' },
      { to: 'everyone' },
      { to: member.userId },
      { unknown: true },
    ]) {
      const res = await escalate(decided.proposal.id, decided.author.token, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([
        400,
        'validation_failed',
      ]);
    }
    const [row] = await sql<{ status: string }[]>(`SELECT status FROM proposals WHERE id = $1`, [
      decided.proposal.id,
    ]);
    expect(row!.status).toBe('adopted');
  });

  it('goes to another fælles-skaber chosen by field, or to the process consultant', async () => {
    const staff = await api.get<StaffDirectoryEntry[]>('/api/staff');
    expect(staff.status).toBe(200);
    const trafik = staff.body.find((s) => s.field === 'Trafik og veje');
    expect(trafik).toMatchObject({
      kind: 'coCreator',
      areas: expect.arrayContaining(['tolloese']) as string[],
    });
    const consultant = staff.body.find((s) => s.kind === 'processConsultant');
    expect(consultant?.areas).toHaveLength(18);
    // No address but the municipal ones staff chose to publish.
    const unpublished = staff.body.map(({ email: _published, ...rest }) => rest);
    expect(JSON.stringify(unpublished)).not.toContain('@');
    expect(staff.body.filter((s) => s.email !== null).map((s) => s.name)).toEqual(
      expect.arrayContaining(['Mads Skabersen (demo)', 'Henrik Procesen (demo)']),
    );

    const byField = await escalated({ to: trafik!.userId });
    expect(byField.escalation).toMatchObject({
      recipientKind: 'coCreator',
      recipient: { userId: trafik!.userId, field: 'Trafik og veje' },
    });
    const toConsultant = await escalated({ to: 'processConsultant' });
    expect(toConsultant.escalation).toMatchObject({
      recipientKind: 'processConsultant',
      recipient: { userId: consultant!.userId },
      assignee: { userId: consultant!.userId },
    });
  });
});

describe('answers', () => {
  it('are for the assignee (or a process consultant); others get 403', async () => {
    const { escalation } = await escalated();
    const citizen = await signedInPerson(server);
    const otherCoCreator = await coCreatorOf(server, 'holbaek');
    const body = { status: 'received', text: 'Tak, vi ser på det.' };
    expect((await answer(escalation.id, undefined, body)).status).toBe(401);
    const byCitizen = await answer(escalation.id, citizen.token, body);
    expect([byCitizen.status, byCitizen.body.error.code]).toEqual([403, 'forbidden']);
    expect((await answer(escalation.id, otherCoCreator.token, body)).status).toBe(403);
    expect(
      (await answer('00000000-0000-4000-8000-000000000000', otherCoCreator.token, body)).status,
    ).toBe(404);
    const [row] = await sql<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM escalation_answers WHERE escalation_id = $1`,
      [escalation.id],
    );
    expect(row!.n).toBe(0);

    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const picked = await answer(escalation.id, consultant.token, body);
    expect(picked.status).toBe(201);
    expect(picked.body.answers[0]?.author).toEqual({
      name: consultant.name,
      role: 'processConsultant',
    });
  });

  it('need a known status, a department exactly when forwarded and reasons for a decline', async () => {
    const { escalation } = await escalated();
    const coCreator = await coCreatorOf(server, FORUM);
    for (const body of [
      {},
      { status: 'maybe', text: 'Hmm' },
      { status: 'received' },
      { status: 'received', text: '  ' },
      { status: 'received', text: 'x'.repeat(5001) },
      { status: 'forwarded', text: 'Sendt videre' },
      { status: 'forwarded', text: 'Sendt videre', department: ' ' },
      { status: 'accepted', text: 'Ja', department: 'Vej og park' },
      { status: 'declined', text: 'Nej.' },
      { status: 'received', text: 'Ok', extra: 1 },
    ]) {
      const res = await answer(escalation.id, coCreator.token, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([
        400,
        'validation_failed',
      ]);
    }
    const forwarded = await answer(escalation.id, coCreator.token, {
      status: 'forwarded',
      text: 'Sendt til den rette afdeling.',
      department: 'Vej og Park',
    });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body.answers[0]).toMatchObject({
      status: 'forwarded',
      department: 'Vej og Park',
    });
    const declined = await answer(escalation.id, coCreator.token, {
      status: 'declined',
      text: 'Afvist, fordi der ikke er budget til det i år.',
    });
    expect(declined.status).toBe(201);
    expect(declined.body.status).toBe('declined');
  });

  it('move the proposal to answered on the first one, signed and on the timeline', async () => {
    const { escalation, proposal } = await escalated();
    const coCreator = await coCreatorOf(server, FORUM);
    const first = await answer(escalation.id, coCreator.token, {
      status: 'received',
      text: 'Modtaget. Vi vender tilbage.',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'received',
      overdue: false,
      answers: [
        {
          status: 'received',
          department: null,
          text: 'Modtaget. Vi vender tilbage.',
          author: { name: coCreator.name, role: 'coCreator' },
        },
      ],
    });
    expect(first.body.firstAnsweredAt).not.toBeNull();
    const status = async () =>
      (await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`)).body.status;
    expect(await status()).toBe('answered');

    const second = await answer(escalation.id, coCreator.token, {
      status: 'in_dialogue',
      text: 'Vi holder møde med forummet.',
    });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('in_dialogue');
    expect(second.body.answers.map((a) => a.status)).toEqual(['received', 'in_dialogue']);
    expect(second.body.firstAnsweredAt).toBe(first.body.firstAnsweredAt);
    expect(await status()).toBe('answered');

    const entries = await server.app.get(ProposalTimelineService).list(proposal.id);
    const kinds = entries.map((e) => (e.kind === 'statusChanged' ? `${e.data.to}` : e.kind));
    expect(kinds.slice(-5)).toEqual(['escalated', 'escalated', 'answered', 'answered', 'answered']);
    expect(entries.at(-1)).toMatchObject({
      kind: 'answered',
      actor: { userId: coCreator.userId, name: coCreator.name, role: 'coCreator' },
      data: {
        escalationId: escalation.id,
        answerId: second.body.answers[1]!.id,
        status: 'in_dialogue',
        text: 'Vi holder møde med forummet.',
      },
    });
  });
});

describe('answers at the same time', () => {
  it('move the proposal once; both are kept, in order', async () => {
    const { escalation, proposal } = await escalated();
    const coCreator = await coCreatorOf(server, FORUM);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const results = await Promise.all([
      answer(escalation.id, coCreator.token, { status: 'received', text: 'Modtaget.' }),
      answer(escalation.id, consultant.token, { status: 'in_dialogue', text: 'Vi tager kontakt.' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    const entries = await server.app.get(ProposalTimelineService).list(proposal.id);
    const toAnswered = entries.filter(
      (e) => e.kind === 'statusChanged' && e.data.to === 'answered',
    );
    expect(toAnswered).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'answered')).toHaveLength(2);
    const read = await api.get<EscalationView>(`/api/escalations/${escalation.id}`);
    expect(read.body.answers).toHaveLength(2);
    expect(read.body.status).toBe(read.body.answers[1]!.status);
  });
});

describe('hand-over', () => {
  it('moves the escalation to a colleague, on the timeline; only the assignee may', async () => {
    const { escalation, proposal } = await escalated();
    const coCreator = await coCreatorOf(server, FORUM);
    const colleague = await coCreatorOf(server, 'holbaek');
    const citizen = await signedInPerson(server);
    const body = { to: colleague.userId, note: 'Det handler mest om kultur.' };
    expect((await handOver(escalation.id, citizen.token, body)).status).toBe(403);
    expect((await handOver(escalation.id, colleague.token, body)).status).toBe(403);
    expect((await handOver(escalation.id, coCreator.token, { to: citizen.userId })).status).toBe(
      400,
    );
    expect((await handOver(escalation.id, coCreator.token, { to: 'x' })).status).toBe(400);
    expect((await handOver(escalation.id, coCreator.token, { to: coCreator.userId })).status).toBe(
      409,
    );

    const res = await handOver(escalation.id, coCreator.token, body);
    expect(res.status).toBe(201);
    expect(res.body.assignee?.userId).toBe(colleague.userId);
    expect(res.body.recipient?.userId).toBe(coCreator.userId);
    expect(res.body.handovers).toEqual([
      {
        id: expect.any(String) as string,
        fromName: coCreator.name,
        toName: colleague.name,
        byName: coCreator.name,
        note: 'Det handler mest om kultur.',
        createdAt: expect.any(String) as string,
      },
    ]);
    const entries = await server.app.get(ProposalTimelineService).list(proposal.id);
    expect(entries.at(-1)).toMatchObject({
      kind: 'handedOver',
      actor: { userId: coCreator.userId, role: 'coCreator' },
      data: { escalationId: escalation.id, fromName: coCreator.name, toName: colleague.name },
    });

    // Now it is the colleague's to answer, and no longer the first fælles-skaber's.
    const text = { status: 'received', text: 'Jeg har overtaget sagen.' };
    expect((await answer(escalation.id, coCreator.token, text)).status).toBe(403);
    expect((await answer(escalation.id, colleague.token, text)).status).toBe(201);
  });
});

describe('the sealed package', () => {
  it('stays as it was through answers and hand-overs, and the database refuses to change it', async () => {
    const { escalation } = await escalated({ dissent: 'Nej-siden mener noget andet.' });
    const coCreator = await coCreatorOf(server, FORUM);
    const colleague = await coCreatorOf(server, 'holbaek');
    const stored = () =>
      sql<{ package: unknown; package_sha256: string; answer_due_at: Date }[]>(
        `SELECT package, package_sha256, answer_due_at FROM escalations WHERE id = $1`,
        [escalation.id],
      ).then((rows) => rows[0]);
    const before = await stored();
    await answer(escalation.id, coCreator.token, { status: 'received', text: 'Modtaget.' });
    await handOver(escalation.id, coCreator.token, { to: colleague.userId });
    // A second escalation of the same proposal would have been a way to replace it.
    await escalate(escalation.proposalId, (await contactPerson(server, FORUM)).token, {
      dissent: 'Noget andet',
    });
    expect(await stored()).toEqual(before);
    const read = await api.get<EscalationView>(`/api/escalations/${escalation.id}`);
    expect(read.body.package).toEqual(escalation.package);
    expect(read.body.packageSha256).toBe(escalation.packageSha256);

    const refused = [
      `UPDATE escalations SET package = '{"forged": true}' WHERE id = $1`,
      `UPDATE escalations SET package = '{"forged": true}',
              package_sha256 = encode(sha256(convert_to('{"forged": true}', 'UTF8')), 'hex') WHERE id = $1`,
      `UPDATE escalations SET package_sha256 = repeat('0', 64) WHERE id = $1`,
      `UPDATE escalations SET answer_due_at = answer_due_at + interval '30 days' WHERE id = $1`,
      `UPDATE escalations SET recipient_id = (SELECT user_id FROM staff WHERE kind = 'processConsultant' LIMIT 1) WHERE id = $1`,
      `DELETE FROM escalations WHERE id = $1`,
    ];
    for (const statement of refused) {
      await expect(sql(statement, [escalation.id]), statement).rejects.toThrow(
        /sealed|escalations_package_sha256/,
      );
    }
    // A package with a hash that does not match is refused on insert as well.
    await expect(
      sql(
        `INSERT INTO escalations (proposal_id, vote_id, forum_id, recipient_kind, answer_due_at,
           package, package_sha256)
         SELECT proposal_id, vote_id, forum_id, recipient_kind, answer_due_at, package, repeat('0', 64)
           FROM escalations WHERE id = $1`,
        [escalation.id],
      ),
    ).rejects.toThrow(/escalations_package_sha256/);
    // Answers are append-only too.
    await expect(
      sql(`UPDATE escalation_answers SET text = 'Omskrevet' WHERE escalation_id = $1`, [
        escalation.id,
      ]),
    ).rejects.toThrow(/append-only/);
    expect(await stored()).toEqual(before);
  });
});

describe('room events', () => {
  it('tell the forum room that a proposal was escalated, answered and handed over', async () => {
    const decided = await decidedProposal(server, FORUM);
    const guest = await connect(server.url);
    const { events } = recordEvents(guest);
    await ok(guest, 'forum.join', { slug: FORUM });
    const res = await escalate(decided.proposal.id, decided.author.token);
    expect(res.status).toBe(201);
    const escalatedEvent = await eventually(() => {
      const found = events.find(
        (e): e is ForumEvent<'proposal.escalated'> =>
          e.type === 'proposal.escalated' && e.escalation.proposalId === decided.proposal.id,
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(escalatedEvent.escalation).toMatchObject({
      id: res.body.id,
      answerDueAt: res.body.answerDueAt,
      packageSha256: res.body.packageSha256,
      package: { version: { textSha256: res.body.package.version.textSha256 } },
    });
    // The frozen text stays on the version page; the room hears the summary.
    expect(escalatedEvent.escalation.package.version).not.toHaveProperty('text');

    const coCreator = await coCreatorOf(server, FORUM);
    const answered = await answer(res.body.id, coCreator.token, {
      status: 'accepted',
      text: 'Vi gør det.',
    });
    expect(answered.status).toBe(201);
    const answeredEvent = await eventually(() => {
      const found = events.find(
        (e): e is ForumEvent<'escalation.answered'> =>
          e.type === 'escalation.answered' && e.escalation.id === res.body.id,
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(answeredEvent.answerId).toBe(answered.body.answers[0]!.id);
    expect(answeredEvent.escalation.status).toBe('accepted');
    expect(answeredEvent.escalation.answers[0]).toMatchObject({ text: 'Vi gør det.' });
    const colleague = await coCreatorOf(server, 'holbaek');
    const handed = await handOver(res.body.id, coCreator.token, { to: colleague.userId });
    expect(handed.status).toBe(201);
    const handedEvent = await eventually(() => {
      const found = events.find(
        (e): e is ForumEvent<'escalation.handedOver'> =>
          e.type === 'escalation.handedOver' && e.escalation.id === res.body.id,
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(handedEvent.escalation.assignee?.userId).toBe(colleague.userId);
    // The proposal's own status change reaches the room too.
    expect(
      events.some(
        (e) =>
          e.type === 'proposal.changed' &&
          e.proposal.id === decided.proposal.id &&
          e.proposal.status === 'answered',
      ),
    ).toBe(true);
  });
});
