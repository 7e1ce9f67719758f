import type { Ballot, ProposalDetail, ProposalTimeline, Tally } from '@lokalforum/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, startTestServer } from './support/app';
import { eventually } from './support/collab';
import { draftWithContact, member, openVote, privateServer } from './support/votes';

const FORUM = 'stestrup';
let server: RunningServer | null = null;
let drop: (() => Promise<void>) | null = null;

afterAll(async () => {
  await server?.close();
  await drop?.();
});

describe('a deadline that passes while the server is down', () => {
  it('closes the vote when the server starts again', async () => {
    const first = await privateServer();
    ({ server, drop } = first);
    let api = apiClient(server.url);
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const other = await member(server, FORUM, 'Anden');
    // A member who does not vote keeps it from closing early because all have voted.
    await member(server, FORUM, 'Sofasidder');
    const closesAt = new Date(Date.now() + 2_000);
    await openVote(api, proposal.id, contact.token, { closesAt: closesAt.toISOString() });
    for (const [token, choice] of [
      [author.token, 'yes'],
      [other.token, 'yes'],
      [contact.token, 'no'],
    ] as const) {
      expect(
        (await api.put<Ballot>(`/api/proposals/${proposal.id}/ballot`, { token, body: { choice } }))
          .status,
      ).toBe(200);
    }
    expect((await api.get<Tally>(`/api/proposals/${proposal.id}/tally`)).body.open).toBe(true);
    await server.close();
    server = null;

    // The deadline passes with no server running.
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 500));

    server = await startTestServer({ databaseUrl: first.databaseUrl });
    api = apiClient(server.url);
    const tally = await eventually(async () => {
      const res = await api.get<Tally>(`/api/proposals/${proposal.id}/tally`);
      expect(res.body.open).toBe(false);
      return res.body;
    });
    expect(tally).toMatchObject({ closeReason: 'deadline', outcome: 'adopted', yes: 2, no: 1 });
    expect(Date.parse(tally.closedAt ?? '')).toBeGreaterThanOrEqual(closesAt.getTime());
    const detail = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
    expect(detail.body.status).toBe('adopted');
    const timeline = await api.get<ProposalTimeline>(`/api/proposals/${proposal.id}/timeline`);
    expect(timeline.body.entries.filter((e) => e.kind === 'voteClosed')).toHaveLength(1);
  });
});
