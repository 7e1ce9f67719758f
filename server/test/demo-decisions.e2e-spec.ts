import type {
  ForumBudget,
  ForumDecisions,
  ProposalEscalation,
  ProposalApplications,
  ProposalListItem,
  ProposalTimeline,
  Tally,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, startTestServer } from './support/app';
import { demoPerson } from './support/realtime';
import { createTestDatabase, testAdminUrl } from './support/test-database';

/**
 * The demo shows the whole decision loop at once after `npm start`: in
 * Jyderup a vote running, a proposal adopted, escalated and waiting, and one
 * answered by the fælles-skaber. Its own database: the demo's proposals must
 * not show up in what other test files count in Jyderup.
 */
describe('the demo decisions', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer | null = null;
  const start = async () => {
    server = await startTestServer({ databaseUrl: database.url, demoDecisions: true });
    return apiClient(server.url);
  };

  beforeAll(async () => {
    database = await createTestDatabase(testAdminUrl(), 'lf_demo');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const byTitle = (list: ProposalListItem[], title: string) => {
    const found = list.find((p) => p.title === title);
    expect(found, title).toBeDefined();
    return found!;
  };

  it('has a vote running, one escalated and waiting, and one answered, each with its timeline', async () => {
    const api = await start();
    const list = (await api.get<ProposalListItem[]>('/api/forums/jyderup/proposals')).body;

    const running = byTitle(list, 'Shelter og bålplads ved Skarresø');
    expect(running.status).toBe('voting');
    const tally = (await api.get<Tally>(`/api/proposals/${running.id}/tally`)).body;
    expect(tally).toMatchObject({ open: true, yes: 2, no: 1, abstain: 0, voted: 3 });
    expect(tally.eligible).toBeGreaterThan(tally.voted);

    const waiting = byTitle(list, 'Sikker skolevej på Østergade');
    expect(waiting.status).toBe('escalated');
    const sent = (await api.get<ProposalEscalation>(`/api/proposals/${waiting.id}/escalation`)).body
      .escalation;
    expect(sent).toMatchObject({ status: 'waiting', overdue: false, answers: [] });
    expect(sent!.recipient?.name).toBe('Mads Skabersen (demo)');
    expect(JSON.stringify(sent!.package)).toContain('cykelsti');

    const answered = byTitle(list, 'Fælles frugtlund i Jyderup');
    expect(answered.status).toBe('answered');
    const done = (await api.get<ProposalEscalation>(`/api/proposals/${answered.id}/escalation`))
      .body.escalation;
    expect(done?.answers).toHaveLength(1);
    expect(done?.answers[0]).toMatchObject({ status: 'accepted' });
    const timeline = (await api.get<ProposalTimeline>(`/api/proposals/${answered.id}/timeline`))
      .body;
    const kinds = timeline.entries.map((e) => e.kind);
    for (const kind of ['voteOpened', 'voteClosed', 'escalated', 'answered']) {
      expect(kinds).toContain(kind);
    }

    expect(kinds).toContain('poolApplication');
    const applied = (
      await api.get<ProposalApplications>(`/api/proposals/${answered.id}/applications`)
    ).body.applications;
    expect(applied).toMatchObject([
      { pool: { slug: 'faellesskabspuljen' }, status: 'granted', grantedDkk: 15000 },
    ]);
    // The waiting one is adopted: its contact person, Anne, may apply from it.
    const anne = await demoPerson(server!, 'anne.borger@example.org');
    const mayApply = await api.get<ProposalApplications>(
      `/api/proposals/${waiting.id}/applications`,
      { token: anne.token },
    );
    expect(mayApply.body).toMatchObject({ mayApply: true, applications: [] });
    // The grant paid for the fruit trees: committed on adoption, most of it paid since.
    const budget = (await api.get<ForumBudget>('/api/forums/jyderup/budget')).body;
    const grant = 12_500 + 3.5 * 4924;
    expect(budget).toMatchObject({
      grantDkk: grant,
      committedDkk: 12_000 - 9_500,
      spentDkk: 9_500,
      availableDkk: grant - 12_000,
    });
    expect(budget.entries.map((e) => [e.kind, e.amountDkk, e.proposal?.id ?? null])).toEqual([
      ['grant', grant, null],
      ['commitment', 12_000, answered.id],
      ['payment', 9_500, answered.id],
    ]);
    expect(kinds).toContain('grantCommitted');

    const decisions = (await api.get<ForumDecisions>('/api/forums/jyderup/decisions')).body;
    expect(decisions.decisions.map((d) => d.title).sort()).toEqual(
      ['Fælles frugtlund i Jyderup', 'Sikker skolevej på Østergade'].sort(),
    );
  });

  it('makes them once: a restart leaves them as they are', async () => {
    await server!.close();
    server = null;
    const api = await start();
    const list = (await api.get<ProposalListItem[]>('/api/forums/jyderup/proposals')).body;
    const titles = list.map((p) => p.title);
    for (const title of [
      'Shelter og bålplads ved Skarresø',
      'Sikker skolevej på Østergade',
      'Fælles frugtlund i Jyderup',
    ]) {
      expect(titles.filter((t) => t === title)).toHaveLength(1);
    }
  });
});
