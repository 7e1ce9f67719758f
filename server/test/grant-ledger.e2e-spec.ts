import type {
  ApiError,
  ForumBudget,
  NotificationPage,
  ProposalDetail,
  ProposalTimeline,
  ProposalVersion,
  Tally,
} from '@lokalforum/protocol';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { AnnualGrants } from '../src/grants/annual-grants';
import { GrantCommitments } from '../src/grants/grant-commitments';
import { danishDate } from '../src/grants/grant-balance';
import { DomainEventBus } from '../src/events/domain-event-bus';
import { ProposalsService } from '../src/proposals/proposals.service';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { db, signedInPerson } from './support/factories';
import { ADMINISTRATOR, contactPerson, demoPerson } from './support/realtime';
import { member, openVote, privateServer, type Person } from './support/votes';

let server: RunningServer;
let api: ApiClient;
let databaseUrl: string;
let drop: () => Promise<void>;

// A database of its own: every balance here is known to the krone.
beforeAll(async () => {
  ({ server, databaseUrl, drop } = await privateServer());
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await drop?.();
});

const YEAR = danishDate(new Date()).year;
const TODAY = danishDate(new Date()).date;
const sql = <T = unknown[]>(q: string, p?: unknown[]): Promise<T> => db(server).query<T>(q, p);
type Failure = ApiError;

const budget = async (slug: string, query = '') => {
  const res = await api.get<ForumBudget & Failure>(`/api/forums/${slug}/budget${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const ledgerRows = (slug: string) =>
  sql<{ kind: string; amount_dkk: number }[]>(
    `SELECT e.kind, e.amount_dkk FROM grant_ledger_entries e
       JOIN forums f ON f.id = e.forum_id JOIN areas a ON a.id = f.area_id
      WHERE a.slug = $1 AND e.budget_year = $2 ORDER BY e.created_at`,
    [slug, YEAR],
  );

interface Voting {
  proposal: ProposalDetail;
  author: Person;
  contact: Person;
}

/** A proposal asking for `amountDkk`, its vote open on it and one yes cast. */
async function votingOn(slug: string, amountDkk: number | null, title: string): Promise<Voting> {
  const author = await member(server, slug, 'Forslagsstiller');
  const contact = await contactPerson(server, slug, 'Kontakt Person');
  const res = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: author.token,
    body: { title, amountDkk },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await openVote(api, res.body.id, contact.token);
  const ballot = await api.put(`/api/proposals/${res.body.id}/ballot`, {
    token: author.token,
    body: { choice: 'yes' },
  });
  expect(ballot.status).toBe(200);
  return { proposal: res.body, author, contact };
}

const close = (v: Voting) =>
  api.post<Tally>(`/api/proposals/${v.proposal.id}/vote/close`, { token: v.contact.token });

const timeline = async (proposalId: string) =>
  (await api.get<ProposalTimeline>(`/api/proposals/${proposalId}/timeline`)).body.entries;

const commitmentOf = (b: ForumBudget, proposalId: string) =>
  b.entries.find((e) => e.kind === 'commitment' && e.proposal?.id === proposalId);

describe('the annual grant', () => {
  it('is base + per inhabitant for each seeded forum, written once a year', async () => {
    const oroe = await budget('oroe');
    expect(oroe).toMatchObject({
      year: YEAR,
      grantDkk: Math.round(12_500 + 3.5 * 867),
      carriedOverDkk: 0,
      committedDkk: 0,
      spentDkk: 0,
      availableDkk: Math.round(12_500 + 3.5 * 867),
      basis: { baseDkk: 12_500, perInhabitantDkk: 3.5, population: 867, baseOnly: false },
      permissions: { record: false },
    });
    expect(oroe.entries).toHaveLength(1);
    expect(oroe.entries[0]).toMatchObject({ kind: 'grant', occurredOn: `${YEAR}-01-01` });
    expect((await budget('jyderup')).grantDkk).toBe(12_500 + 3.5 * 4924);

    // Holbæk by has no published population: the base alone, and the page says so.
    expect(await budget('holbaek')).toMatchObject({
      grantDkk: 12_500,
      basis: { population: null, baseOnly: true },
    });

    // The yearly job (and every boot) writes nothing twice.
    await server.app.get(AnnualGrants).ensure();
    await server.app.get(AnnualGrants).ensure();
    const [{ n }] = await sql<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM grant_ledger_entries WHERE kind = 'grant' AND budget_year = $1`,
      [YEAR],
    );
    expect(n).toBe(18);
  });

  it('carries over what the year before left', async () => {
    await server.app.get(AnnualGrants).ensure(YEAR + 1);
    const next = await budget('oroe', `?year=${YEAR + 1}`);
    const now = await budget('oroe');
    expect(next.carriedOverDkk).toBe(now.availableDkk);
    expect(next.availableDkk).toBe(now.availableDkk + next.grantDkk);
  });

  it('refuses a year that is not a plain year number, and an unknown forum', async () => {
    for (const year of ['1e3', 'abc', '1999', '2026.0', '-1']) {
      expect((await api.get(`/api/forums/oroe/budget?year=${year}`)).status).toBe(400);
    }
    expect((await api.get(`/api/forums/findes-ikke/budget`)).status).toBe(404);
  });

  it('keeps the ledger append-only in the database', async () => {
    await expect(sql(`UPDATE grant_ledger_entries SET amount_dkk = 1`)).rejects.toThrow(
      /never changed/,
    );
    await expect(sql(`DELETE FROM grant_ledger_entries`)).rejects.toThrow(/never changed/);
  });
});

describe('what a proposal asks for', () => {
  it('refuses amounts that are negative, too large or not whole numbers, and creates nothing', async () => {
    const author = await member(server, 'gislinge', 'Beløbsprøver');
    const title = `Prøve ${randomUUID()}`;
    for (const amountDkk of ['100', -5, 0, 1e12, 1.5, 10_000_001, true, {}]) {
      const res = await api.post<Failure>(`/api/forums/gislinge/proposals`, {
        token: author.token,
        body: { title, amountDkk },
      });
      expect(res.status, JSON.stringify(amountDkk)).toBe(400);
      expect(res.body.error.issues?.[0]?.path).toBe('amountDkk');
    }
    const [{ n }] = await sql<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM proposals WHERE title = $1`,
      [title],
    );
    expect(n).toBe(0);
  });

  it('is changed by its authors while a draft, then frozen with the version voted on', async () => {
    const author = await member(server, 'gislinge', 'Forfatter');
    const other = await member(server, 'gislinge', 'Andet Medlem');
    const contact = await contactPerson(server, 'gislinge');
    const { body: proposal } = await api.post<ProposalDetail>(`/api/forums/gislinge/proposals`, {
      token: author.token,
      body: { title: 'Borde ved havnen', amountDkk: 4_000 },
    });
    expect(proposal.amountDkk).toBe(4_000);
    const path = `/api/proposals/${proposal.id}/amount`;

    expect((await api.put(path, { body: { amountDkk: 1 } })).status).toBe(401);
    expect((await api.put(path, { token: other.token, body: { amountDkk: 1 } })).status).toBe(403);
    expect((await api.put(path, { token: author.token, body: { amountDkk: '1' } })).status).toBe(
      400,
    );
    expect((await api.put(path, { token: author.token, body: {} })).status).toBe(400);
    const changed = await api.put(path, { token: author.token, body: { amountDkk: 4_500 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ proposalId: proposal.id, amountDkk: 4_500 });

    await openVote(api, proposal.id, contact.token);
    const late = await api.put<Failure>(path, { token: author.token, body: { amountDkk: 9_000 } });
    expect(late.status).toBe(409);
    const version = await api.get<ProposalVersion>(`/api/proposals/${proposal.id}/versions/1`);
    expect(version.body.amountDkk).toBe(4_500);
    const detail = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
    expect(detail.body.amountDkk).toBe(4_500);
  });
});

describe('committing and spending the grant', () => {
  const SLUG = 'tuse-naes';
  const GRANT = Math.round(12_500 + 3.5 * 2321);

  it('commits an adopted amount by itself; a contact person records payments and releases the rest', async () => {
    const voting = await votingOn(SLUG, 5_000, 'Ny bænk ved stranden');
    const before = await ledgerRows(SLUG);
    expect((await close(voting)).body.outcome).toBe('adopted');

    const committed = await eventually(async () => {
      const b = await budget(SLUG);
      expect(commitmentOf(b, voting.proposal.id)).toBeDefined();
      return b;
    });
    expect(committed).toMatchObject({
      grantDkk: GRANT,
      committedDkk: 5_000,
      spentDkk: 0,
      availableDkk: GRANT - 5_000,
    });
    const commitment = commitmentOf(committed, voting.proposal.id)!;
    expect(commitment).toMatchObject({
      amountDkk: 5_000,
      outstandingDkk: 5_000,
      proposal: { id: voting.proposal.id, title: 'Ny bænk ved stranden' },
      occurredOn: TODAY,
    });
    expect((await timeline(voting.proposal.id)).map((e) => e.kind)).toContain('grantCommitted');
    expect(await ledgerRows(SLUG)).toHaveLength(before.length + 1);

    const pay = `/api/grant-commitments/${commitment.id}/payments`;
    const payment = { requestId: randomUUID(), amountDkk: 3_000, paidOn: TODAY, note: 'Tømmer' };
    const stranger = await signedInPerson(server, 'Fremmed');
    const plainMember = await member(server, SLUG, 'Menigt Medlem');
    expect((await api.post(pay, { body: payment })).status).toBe(401);
    expect((await api.post(pay, { token: stranger.token, body: payment })).status).toBe(403);
    expect((await api.post(pay, { token: plainMember.token, body: payment })).status).toBe(403);
    const token = voting.contact.token;
    for (const bad of [
      { ...payment, amountDkk: -3_000 },
      { ...payment, amountDkk: '3000' },
      { ...payment, amountDkk: 1e12 },
      { ...payment, amountDkk: 2.5 },
      { ...payment, paidOn: '2026-02-30' },
      { ...payment, paidOn: '2999-01-01' },
      { ...payment, paidOn: 'i går' },
      { ...payment, note: '' },
      { ...payment, requestId: 'ikke-et-id' },
      { ...payment, extra: 1 },
    ]) {
      const res = await api.post<Failure>(pay, { token, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const missing = `/api/grant-commitments/${randomUUID()}/payments`;
    expect((await api.post(missing, { token, body: payment })).status).toBe(404);
    expect(await ledgerRows(SLUG)).toHaveLength(before.length + 1);

    // The same form sent twice at once: one payment.
    const twice = await Promise.all([
      api.post<ForumBudget & Failure>(pay, { token, body: payment }),
      api.post<ForumBudget & Failure>(pay, { token, body: payment }),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    const paid = await budget(SLUG);
    expect(paid).toMatchObject({
      committedDkk: 2_000,
      spentDkk: 3_000,
      availableDkk: GRANT - 5_000,
    });

    const over = await api.post<Failure>(pay, {
      token,
      body: { ...payment, requestId: randomUUID(), amountDkk: 2_001 },
    });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/2\.000 kr\./);

    // An administrator may record too; the rest goes back to the grant.
    const admin = await demoPerson(server, ADMINISTRATOR);
    const release = `/api/grant-commitments/${commitment.id}/release`;
    const released = await api.post<ForumBudget>(release, {
      token: admin.token,
      body: { requestId: randomUUID(), note: 'Bænken blev billigere' },
    });
    expect(released.status).toBe(201);
    expect(released.body).toMatchObject({
      committedDkk: 0,
      spentDkk: 3_000,
      availableDkk: GRANT - 3_000,
    });
    const again = await api.post<Failure>(release, {
      token,
      body: { requestId: randomUUID() },
    });
    expect(again.status).toBe(409);
    const kinds = released.body.entries.map((e) => e.kind);
    expect(kinds).toEqual(['grant', 'commitment', 'payment', 'release']);
    expect(released.body.entries.find((e) => e.kind === 'payment')).toMatchObject({
      amountDkk: 3_000,
      purpose: 'Tømmer',
      commitmentId: commitment.id,
      proposal: { id: voting.proposal.id },
      recordedBy: 'Kontakt Person',
    });
  });

  it('refuses a commitment the balance does not cover, visibly, and changes nothing', async () => {
    const slug = 'knabstrup';
    const grant = Math.round(12_500 + 3.5 * 1276);
    const voting = await votingOn(slug, grant + 1, 'Ny multibane');
    await close(voting);
    const refusal = await eventually(async () => {
      const entry = (await timeline(voting.proposal.id)).find((e) => e.kind === 'grantRefused');
      expect(entry).toBeDefined();
      return entry!;
    });
    expect(refusal.reason).toMatch(/^Tilskuddet rækker ikke/);
    expect(refusal.data).toMatchObject({ amountDkk: grant + 1, availableDkk: grant });
    expect(await budget(slug)).toMatchObject({
      committedDkk: 0,
      availableDkk: grant,
      uncommitted: [{ proposal: { id: voting.proposal.id }, amountDkk: grant + 1 }],
    });

    const retry = await api.post<Failure>(`/api/proposals/${voting.proposal.id}/grant-commitment`, {
      token: voting.contact.token,
    });
    expect(retry.status).toBe(409);
    expect(retry.body.error.message).toMatch(/rækker ikke/);
    expect(
      (
        await api.post(`/api/proposals/${voting.proposal.id}/grant-commitment`, {
          token: voting.author.token,
        })
      ).status,
    ).toBe(403);
    expect((await api.post(`/api/proposals/${voting.proposal.id}/grant-commitment`)).status).toBe(
      401,
    );
    // The sweep finds the refusal recorded and leaves it.
    await server.app.get(GrantCommitments).sweep();
    const refusals = (await timeline(voting.proposal.id)).filter((e) => e.kind === 'grantRefused');
    expect(refusals).toHaveLength(1);
    expect(await ledgerRows(slug)).toHaveLength(1);
  });

  it("tells the proposal's authors and the forum's contact persons of a refusal, once", async () => {
    const slug = 'moerkoev';
    const voting = await votingOn(slug, 10_000_000, 'Ny svømmehal');
    const bystander = await member(server, slug, 'Anden Borger');
    await close(voting);
    const refusalsOf = async (person: Person) =>
      (
        await api.get<NotificationPage>('/api/notifications', { token: person.token })
      ).body.items.filter((n) => n.kind === 'grantRefused');
    for (const person of [voting.author, voting.contact]) {
      const [told] = await eventually(async () => {
        const found = await refusalsOf(person);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(told).toMatchObject({
        data: {
          proposalId: voting.proposal.id,
          proposalTitle: 'Ny svømmehal',
          forumSlug: slug,
          amountDkk: 10_000_000,
          budgetYear: YEAR,
        },
      });
    }
    // Committing again (the sweep, a retried event) records and tells nothing new: the
    // notification goes out only from the transaction that recorded the refusal.
    const told: string[] = [];
    const stop = server.app
      .get(DomainEventBus)
      .onLocal('grant.refused', (e) => void told.push(e.proposalId));
    try {
      await server.app.get(GrantCommitments).sweep();
      const [vote] = await sql<{ id: string }[]>(`SELECT id FROM votes WHERE proposal_id = $1`, [
        voting.proposal.id,
      ]);
      expect(await server.app.get(GrantCommitments).commitVote(vote!.id)).toMatchObject({
        kind: 'refused',
      });
    } finally {
      stop();
    }
    expect(told).toEqual([]);
    expect(await refusalsOf(voting.author)).toHaveLength(1);
    expect(await refusalsOf(voting.contact)).toHaveLength(1);
    expect(await refusalsOf(bystander)).toHaveLength(0);
  });

  it('lets exactly one of two adoptions racing for the last money have it, and one of two retries', async () => {
    const slug = 'tuse';
    const grant = Math.round(12_500 + 3.5 * 3047);
    const ask = grant - 3_000;
    const a = await votingOn(slug, ask, 'Skaterbane');
    const b = await votingOn(slug, ask, 'Petanquebane');
    await Promise.all([close(a), close(b)]);

    const [winner, loser] = await eventually(async () => {
      const current = await budget(slug);
      const wins = [a, b].filter((v) => commitmentOf(current, v.proposal.id));
      const refused = [];
      for (const v of [a, b]) {
        if ((await timeline(v.proposal.id)).some((e) => e.kind === 'grantRefused')) refused.push(v);
      }
      expect(wins).toHaveLength(1);
      expect(refused).toHaveLength(1);
      return [wins[0]!, refused[0]!];
    });
    expect(winner).not.toBe(loser);
    expect(await budget(slug)).toMatchObject({ committedDkk: ask, availableDkk: grant - ask });

    // A third adoption finds too little as well; then the winner's money is released.
    const c = await votingOn(slug, ask, 'Shelter');
    await close(c);
    await eventually(async () =>
      expect((await timeline(c.proposal.id)).some((e) => e.kind === 'grantRefused')).toBe(true),
    );
    const won = commitmentOf(await budget(slug), winner.proposal.id)!;
    const released = await api.post(`/api/grant-commitments/${won.id}/release`, {
      token: winner.contact.token,
      body: { requestId: randomUUID() },
    });
    expect(released.status).toBe(201);

    // Two contact persons retry the two refused ones at once: there is money for one.
    const retries = await Promise.all(
      [loser, c].map((v) =>
        api.post<ForumBudget & Failure>(`/api/proposals/${v.proposal.id}/grant-commitment`, {
          token: v.contact.token,
        }),
      ),
    );
    expect(retries.map((r) => r.status).sort()).toEqual([201, 409]);
    const refusedRetry = retries.find((r) => r.status === 409)!;
    expect(refusedRetry.body.error.message).toMatch(/rækker ikke/);
    const after = await budget(slug);
    expect(after).toMatchObject({ committedDkk: ask, availableDkk: grant - ask });
    const again = await api.post<Failure>(
      `/api/proposals/${retries[0]!.status === 201 ? loser.proposal.id : c.proposal.id}/grant-commitment`,
      { token: loser.contact.token },
    );
    expect(again.status).toBe(409);
  });

  it('commits an adoption whose event a crash lost, when a server boots, once', async () => {
    const slug = 'hagested';
    const author = await member(server, slug, 'Forslagsstiller');
    const contact = await contactPerson(server, slug);
    const { body: proposal } = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
      token: author.token,
      body: { title: 'Blomsterkummer', amountDkk: 2_500 },
    });
    const tally = await openVote(api, proposal.id, contact.token);
    // The vote closed and committed, then the process died before anyone heard of it.
    await sql(`INSERT INTO ballots (vote_id, user_id, choice) VALUES ($1, $2, 'yes')`, [
      tally.voteId,
      author.userId,
    ]);
    await sql(
      `UPDATE votes SET closed_at = now(), close_reason = 'early', outcome = 'adopted',
              eligible_at_close = 2 WHERE id = $1`,
      [tally.voteId],
    );
    await server.app.get(ProposalsService).changeStatus(proposal.id, 'adopted');
    expect(commitmentOf(await budget(slug), proposal.id)).toBeUndefined();

    await server.close();
    server = await startTestServer({ databaseUrl });
    api = apiClient(server.url);
    const after = await budget(slug);
    expect(commitmentOf(after, proposal.id)).toMatchObject({ amountDkk: 2_500 });

    // Heard twice, swept again: still one commitment.
    await server.app.get(GrantCommitments).commitVote(tally.voteId);
    await server.app.get(GrantCommitments).sweep();
    const rows = await sql<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM grant_ledger_entries WHERE proposal_id = $1 AND kind = 'commitment'`,
      [proposal.id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
