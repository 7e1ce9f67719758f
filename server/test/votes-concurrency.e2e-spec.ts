import type { Ballot, BallotChoice, Tally } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient } from './support/app';
import { eventually } from './support/collab';
import { db } from './support/factories';
import { connect, ok } from './support/realtime';
import {
  draftWithContact,
  emptyForum,
  manyMembers,
  openVote,
  privateServer,
} from './support/votes';

const FORUM = 'knabstrup';
const VOTERS = 300;
let server: RunningServer;
let api: ApiClient;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ server, drop } = await privateServer());
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await drop?.();
});

const choices: BallotChoice[] = ['yes', 'no', 'abstain'];

describe('300 members voting at once', () => {
  it('gives an exact tally and one ballot each, through duplicate and racing submissions', async () => {
    await emptyForum(server, FORUM);
    // The contact person does not vote, so the vote stays open until closed.
    const { proposal, contact } = await draftWithContact(server, api, FORUM);
    const voters = await manyMembers(server, FORUM, VOTERS);
    const opened = await openVote(api, proposal.id, contact.token);
    expect(opened.eligible).toBe(VOTERS + 2);

    const room = await connect(server.url);
    const tallies: Tally[] = [];
    room.on('tally.changed', ({ tally }) => tallies.push(tally));
    await ok(room, 'forum.join', { slug: FORUM });

    const cast = (token: string, choice: BallotChoice) =>
      api.put<Ballot>(`/api/proposals/${proposal.id}/ballot`, { token, body: { choice } });
    // Everyone at once, each ballot sent twice at the same moment.
    const choice = (i: number) => choices[i % 3] ?? 'yes';
    const first = voters.map((v, i) => ({ ...v, choice: choice(i) }));
    const round1 = await Promise.all(
      first.flatMap((v) => [cast(v.token, v.choice), cast(v.token, v.choice)]),
    );
    expect(round1.map((r) => r.status)).toEqual(round1.map(() => 200));

    // Every third member changes their mind, twice in a row at once to the same choice,
    // while the others send their first choice again.
    const final = first.map((v, i) => (i % 3 === 0 ? { ...v, choice: choice(i + 1) } : v));
    const round2 = await Promise.all(
      final.flatMap((v, i) =>
        i % 3 === 0
          ? [cast(v.token, v.choice), cast(v.token, v.choice)]
          : [cast(v.token, v.choice)],
      ),
    );
    expect(round2.every((r) => r.status === 200)).toBe(true);

    const expected = { yes: 0, no: 0, abstain: 0 };
    for (const v of final) expected[v.choice] += 1;
    const res = await api.get<Tally>(`/api/proposals/${proposal.id}/tally`);
    expect(res.body).toMatchObject({ ...expected, voted: VOTERS, open: true });

    const rows = await db(server).query<{ n: number; people: number }[]>(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS people FROM ballots WHERE vote_id = $1`,
      [opened.voteId],
    );
    expect(rows[0]).toEqual({ n: VOTERS, people: VOTERS });

    // The room hears the final count, in far fewer events than ballots.
    await eventually(() => expect(tallies.at(-1)).toMatchObject({ ...expected, voted: VOTERS }));
    expect(tallies.length).toBeGreaterThan(0);
    expect(tallies.length).toBeLessThan(round1.length + round2.length);
    room.disconnect();
  });

  it('counts exactly the ballots that were accepted when a close races them', async () => {
    const slug = 'regstrup';
    await emptyForum(server, slug);
    const { proposal, contact } = await draftWithContact(server, api, slug);
    const voters = await manyMembers(server, slug, 120);
    const opened = await openVote(api, proposal.id, contact.token);
    const cast = (token: string) =>
      api.put(`/api/proposals/${proposal.id}/ballot`, { token, body: { choice: 'yes' } });
    const ballots = voters.map((v) => cast(v.token));
    // The close goes out while the ballots are still arriving.
    const close = api.post<Tally>(`/api/proposals/${proposal.id}/vote/close`, {
      token: contact.token,
    });
    const [results, closed] = await Promise.all([Promise.all(ballots), close]);
    const accepted = results.filter((r) => r.status === 200).length;
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(closed.status).toBe(200);
    // What the close counted is what was accepted: nothing slipped in after, nothing was lost.
    expect(closed.body).toMatchObject({ open: false, yes: accepted, voted: accepted });
    const rows = await db(server).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ballots WHERE vote_id = $1`,
      [opened.voteId],
    );
    expect(rows[0]?.n).toBe(accepted);
  });
});
