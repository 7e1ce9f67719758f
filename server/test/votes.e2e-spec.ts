import {
  type Ballot,
  collabCloseCodes,
  type ForumEvent,
  type ForumRulesView,
  type MyBallot,
  type ProposalDetail,
  type ProposalLifecycle,
  type ProposalTimeline,
  type ProposalVersionSummary,
  type Tally,
  defaultForumRules,
} from '@lokalforum/protocol';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { SYSTEM_ACTOR } from '../src/proposals/proposal-timeline';
import { VoteCloser } from '../src/votes/vote-closer';
import { openRawEditor, sleep } from './support/access';
import { apiClient, type ApiClient } from './support/app';
import { addParagraph, eventually, openEditor } from './support/collab';
import { db, signedInPerson } from './support/factories';
import { connect, contactPerson, ok, recordEvents } from './support/realtime';
import { draftWithContact, emptyForum, member, openVote, privateServer } from './support/votes';

const FORUM = 'gislinge';
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

const sql = <T = unknown>(q: string, p?: unknown[]) => db(server).query<T>(q, p);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const tally = async (id: string) => (await api.get<Tally>(`/api/proposals/${id}/tally`)).body;
const cast = (id: string, token: string, body: unknown) =>
  api.put<Ballot & { error: { code: string; message: string } }>(`/api/proposals/${id}/ballot`, {
    token,
    body,
  });
const status = async (id: string) =>
  (await api.get<ProposalDetail>(`/api/proposals/${id}`)).body.status;
const ballotRows = async (voteId: string) =>
  (
    await sql<{ n: number }[]>(`SELECT count(*)::int AS n FROM ballots WHERE vote_id = $1`, [
      voteId,
    ])
  )[0]?.n;
const lifecycle = async (id: string, token?: string) =>
  (await api.get<ProposalLifecycle>(`/api/proposals/${id}/lifecycle`, { token })).body;

describe('opening a vote', () => {
  it('freezes the text as a version, pins ballots to it, and makes open editors readers within a second', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const editor = openEditor(server.url, proposal.docName, author.token);
    await editor.synced();
    addParagraph(editor.doc, 'Med udsigt over vandet.');
    await eventually(async () => {
      const detail = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
      expect(detail.body.text).toContain('udsigt over vandet');
    });
    const raw = await openRawEditor(server, proposal.docName, author.token);
    const room = await connect(server.url);
    const { events } = recordEvents(room);
    await ok(room, 'forum.join', { slug: FORUM });

    const opened = await openVote(api, proposal.id, contact.token);
    const openedAt = Date.now();
    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.readOnly);
    expect(at - openedAt).toBeLessThan(1_000);
    editor.destroy();

    const versions = await api.get<ProposalVersionSummary[]>(
      `/api/proposals/${proposal.id}/versions`,
    );
    expect(versions.body).toHaveLength(1);
    const version = await api.get<{ text: string; textSha256: string }>(
      `/api/proposals/${proposal.id}/versions/1`,
    );
    expect(version.body.text).toContain('Med udsigt over vandet.');
    expect(opened).toMatchObject({
      proposalId: proposal.id,
      versionNumber: 1,
      textSha256: sha256(version.body.text),
      open: true,
      outcome: null,
      eligible: 2,
      voted: 0,
      yes: 0,
      no: 0,
      abstain: 0,
      rules: { majority: 'moreYesThanNo', tallyVisibility: 'live', quorum: null },
    });
    // The default period is the forum's: 7 days.
    const days = (Date.parse(opened.closesAt) - Date.parse(opened.openedAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);
    expect(await status(proposal.id)).toBe('voting');
    await eventually(() => {
      const opens = events.filter((e): e is ForumEvent<'vote.opened'> => e.type === 'vote.opened');
      expect(opens.map((e) => e.tally.voteId)).toEqual([opened.voteId]);
    });

    const ballot = await cast(proposal.id, author.token, {
      choice: 'yes',
      speaksFor: 'Grundejerforeningen',
    });
    expect(ballot.status).toBe(200);
    expect(ballot.body).toMatchObject({
      voteId: opened.voteId,
      versionNumber: 1,
      textSha256: opened.textSha256,
      choice: 'yes',
      speaksFor: 'Grundejerforeningen',
    });
    const mine = await api.get<MyBallot>(`/api/proposals/${proposal.id}/ballot`, {
      token: author.token,
    });
    expect(mine.body).toMatchObject({ eligible: true, ballot: { choice: 'yes' } });
    // Someone else sees their own (none), never the author's.
    const theirs = await api.get<MyBallot>(`/api/proposals/${proposal.id}/ballot`, {
      token: contact.token,
    });
    expect(theirs.body).toEqual({ eligible: true, ballot: null });
    expect(await tally(proposal.id)).toMatchObject({ voted: 1, yes: 1, no: 0, abstain: 0 });

    // Changing one's mind replaces the ballot; the tally follows and stays one per member.
    const changed = await cast(proposal.id, author.token, { choice: 'no' });
    expect(changed.body).toMatchObject({ choice: 'no', speaksFor: null });
    expect(await tally(proposal.id)).toMatchObject({ voted: 1, yes: 0, no: 1 });
    expect(await ballotRows(opened.voteId)).toBe(1);
  });

  it('uses the latest version when the text has not changed since it was frozen', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const frozen = await api.post<ProposalVersionSummary>(
      `/api/proposals/${proposal.id}/versions`,
      {
        token: author.token,
      },
    );
    expect(frozen.status).toBe(201);
    const opened = await openVote(api, proposal.id, contact.token);
    expect(opened.versionNumber).toBe(1);
    expect(opened.textSha256).toBe(frozen.body.textSha256);
    const versions = await api.get<unknown[]>(`/api/proposals/${proposal.id}/versions`);
    expect(versions.body).toHaveLength(1);
  });

  it('refuses what is not allowed, each with a clear error that changes nothing', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const outsider = await signedInPerson(server, 'Udenforstående');
    const post = (token: string | undefined, body?: unknown) =>
      api.post<{ error: { code: string; message: string } }>(`/api/proposals/${proposal.id}/vote`, {
        token,
        body,
      });
    expect((await post(undefined)).status).toBe(401);
    expect((await post(outsider.token)).status).toBe(403);
    const byAuthor = await post(author.token);
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toMatch(/kontaktpersoner/);
    const soon = new Date(Date.now() + 61 * 86_400_000).toISOString();
    for (const body of [
      { closesAt: new Date(Date.now() - 1_000).toISOString() },
      { closesAt: soon },
      { closesAt: 'tomorrow' },
      { closesAt: '2026-13-01T00:00:00Z' },
      { closesAt: 1_800_000_000_000 },
      { days: 3 },
    ]) {
      const res = await post(contact.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(
      (
        await api.post(`/api/proposals/00000000-0000-4000-8000-000000000000/vote`, {
          token: contact.token,
        })
      ).status,
    ).toBe(404);
    expect(await status(proposal.id)).toBe('draft');
    expect((await api.get(`/api/proposals/${proposal.id}/tally`)).status).toBe(404);
    expect((await api.get<unknown[]>(`/api/proposals/${proposal.id}/versions`)).body).toHaveLength(
      0,
    );

    // Ballots without a vote.
    expect((await cast(proposal.id, author.token, { choice: 'yes' })).status).toBe(409);

    const opened = await openVote(api, proposal.id, contact.token);
    const twice = await post(contact.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/allerede en åben afstemning/);

    // Not eligible: not a member; joined after the vote opened (the default rule).
    const notMember = await cast(proposal.id, outsider.token, { choice: 'yes' });
    expect(notMember.status).toBe(403);
    expect(notMember.body.error.message).toMatch(/Kun medlemmer/);
    const late = await member(server, FORUM, 'Nyt medlem');
    const lateBallot = await cast(proposal.id, late.token, { choice: 'yes' });
    expect(lateBallot.status).toBe(403);
    expect(lateBallot.body.error.message).toMatch(/før afstemningen åbnede/);
    const lateView = await api.get<MyBallot>(`/api/proposals/${proposal.id}/ballot`, {
      token: late.token,
    });
    expect(lateView.body).toEqual({ eligible: false, ballot: null });
    expect((await lifecycle(proposal.id, late.token)).permissions.vote).toBe(false);

    for (const body of [
      { choice: 'maybe' },
      { choice: 'YES' },
      {},
      { choice: 'yes', weight: 2 },
      { choice: 'yes', speaksFor: '' },
      { choice: 'yes', speaksFor: 'x'.repeat(201) },
      { choice: 'yes', speaksFor: 'Foreningen\u202e' },
    ]) {
      const res = await cast(proposal.id, author.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await cast(proposal.id, '', { choice: 'yes' })).status).toBe(401);
    expect(await ballotRows(opened.voteId)).toBe(0);

    // Withdrawing is for authors and drafts only.
    const withdraw = (token: string) =>
      api.post(`/api/proposals/${proposal.id}/withdraw`, { token });
    expect((await withdraw(contact.token)).status).toBe(403);
    expect((await withdraw(author.token)).status).toBe(409);

    // Closing early is for contact persons.
    expect(
      (await api.post(`/api/proposals/${proposal.id}/vote/close`, { token: author.token })).status,
    ).toBe(403);
    expect(await tally(proposal.id)).toMatchObject({ open: true, voted: 0 });

    const closed = await api.post<Tally>(`/api/proposals/${proposal.id}/vote/close`, {
      token: contact.token,
    });
    expect(closed.status).toBe(200);
    const after = await cast(proposal.id, author.token, { choice: 'yes' });
    expect(after.status).toBe(409);
    expect(after.body.error.message).toMatch(/lukket/);
    expect(
      (await api.post(`/api/proposals/${proposal.id}/vote/close`, { token: contact.token })).status,
    ).toBe(409);
    expect(await ballotRows(opened.voteId)).toBe(0);
    expect(await tally(proposal.id)).toMatchObject({
      open: false,
      voted: 0,
      outcome: 'not_adopted',
    });
  });
});

describe('closing a vote', () => {
  it('closes early with the outcome from the ballots, exactly once under racing closes', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const other = await member(server, FORUM, 'Anden');
    const opened = await openVote(api, proposal.id, contact.token);
    expect((await cast(proposal.id, author.token, { choice: 'yes' })).status).toBe(200);
    expect((await cast(proposal.id, other.token, { choice: 'abstain' })).status).toBe(200);
    const room = await connect(server.url);
    const { events } = recordEvents(room);
    await ok(room, 'forum.join', { slug: FORUM });

    const votes = server.app.get(VoteCloser);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        api.post<Tally>(`/api/proposals/${proposal.id}/vote/close`, { token: contact.token }),
      ),
      votes
        .close(opened.voteId, 'allVoted', SYSTEM_ACTOR)
        .then((t) => ({ status: t ? 200 : 409, body: t })),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    const final = await tally(proposal.id);
    expect(final).toMatchObject({
      open: false,
      outcome: 'adopted',
      yes: 1,
      no: 0,
      abstain: 1,
      voted: 2,
    });
    expect(['early', 'allVoted']).toContain(final.closeReason);
    expect(await status(proposal.id)).toBe('adopted');

    const timeline = await api.get<ProposalTimeline>(`/api/proposals/${proposal.id}/timeline`);
    const kinds = timeline.body.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'voteClosed')).toHaveLength(1);
    await eventually(() =>
      expect(
        events
          .filter((e): e is ForumEvent<'vote.closed'> => e.type === 'vote.closed')
          .map((e) => e.tally),
      ).toEqual([expect.objectContaining({ voteId: opened.voteId, outcome: 'adopted', yes: 1 })]),
    );
    // A deadline job arriving later changes nothing.
    expect(await votes.close(opened.voteId, 'deadline', SYSTEM_ACTOR)).toBeNull();
    // An adopted proposal goes on to escalation: not back to draft, not withdrawn, no new vote.
    for (const [path, token] of [
      ['redraft', author.token],
      ['redraft', contact.token],
      ['withdraw', author.token],
      ['vote', contact.token],
    ] as const) {
      const res = await api.post(`/api/proposals/${proposal.id}/${path}`, { token });
      expect(res.status, path).toBe(409);
    }
    expect(await status(proposal.id)).toBe('adopted');
  });

  it('closes by itself once every eligible member has voted', async () => {
    const slug = 'hagested';
    await emptyForum(server, slug);
    const { proposal, author, contact } = await draftWithContact(server, api, slug);
    const third = await member(server, slug, 'Tredje');
    const opened = await openVote(api, proposal.id, contact.token);
    expect(opened.eligible).toBe(3);
    await cast(proposal.id, author.token, { choice: 'no' });
    await cast(proposal.id, third.token, { choice: 'no' });
    await sleep(400);
    expect((await tally(proposal.id)).open).toBe(true);
    await cast(proposal.id, contact.token, { choice: 'yes' });
    await eventually(async () =>
      expect(await tally(proposal.id)).toMatchObject({
        open: false,
        closeReason: 'allVoted',
        outcome: 'not_adopted',
        yes: 1,
        no: 2,
        eligible: 3,
      }),
    );
    expect(await status(proposal.id)).toBe('not_adopted');
  });

  it('closes at its deadline through the job queue', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const closesAt = new Date(Date.now() + 1_500).toISOString();
    await openVote(api, proposal.id, contact.token, { closesAt });
    await cast(proposal.id, author.token, { choice: 'yes' });
    await eventually(
      async () =>
        expect(await tally(proposal.id)).toMatchObject({
          open: false,
          closeReason: 'deadline',
          outcome: 'adopted',
        }),
      15_000,
    );
    expect(await status(proposal.id)).toBe('adopted');
  });
});

describe('forum rules', () => {
  it('has the defaults until a contact person changes them; only contact persons may', async () => {
    const slug = 'undloese';
    const view = await api.get<ForumRulesView>(`/api/forums/${slug}/rules`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      forumSlug: slug,
      rules: defaultForumRules,
      updatedAt: null,
      permissions: { manage: false },
    });
    const contact = await contactPerson(server, slug, 'Regel Kontakt');
    const plain = await member(server, slug);
    expect(
      (await api.get<ForumRulesView>(`/api/forums/${slug}/rules`, { token: contact.token })).body
        .permissions,
    ).toEqual({ manage: true });
    const rules = {
      ...defaultForumRules,
      votingDays: 14,
      quorum: 3,
      majority: 'twoThirds',
      tallyVisibility: 'hiddenUntilClose',
    };
    expect((await api.put(`/api/forums/${slug}/rules`, { body: rules })).status).toBe(401);
    expect(
      (await api.put(`/api/forums/${slug}/rules`, { token: plain.token, body: rules })).status,
    ).toBe(403);
    for (const bad of [
      { ...rules, votingDays: 0 },
      { ...rules, votingDays: 61 },
      { ...rules, votingDays: 2.5 },
      { ...rules, quorum: 0 },
      { ...rules, majority: 'unanimous' },
      { ...rules, tallyVisibility: 'never' },
      { ...rules, membersBeforeVoteOnly: 'yes' },
      { votingDays: 7 },
      { ...rules, extra: true },
    ]) {
      const res = await api.put(`/api/forums/${slug}/rules`, { token: contact.token, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await api.get<ForumRulesView>(`/api/forums/${slug}/rules`)).body.updatedAt).toBeNull();
    const saved = await api.put<ForumRulesView>(`/api/forums/${slug}/rules`, {
      token: contact.token,
      body: rules,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ rules, updatedBy: { userId: contact.userId } });
    expect((await api.get<ForumRulesView>(`/api/forums/atlantis/rules`)).status).toBe(404);
  });

  it('copies the rules into a vote when it opens: hidden counts, quorum and majority', async () => {
    const slug = 'vipperoed';
    await emptyForum(server, slug);
    const { proposal, author, contact } = await draftWithContact(server, api, slug);
    const first = await member(server, slug);
    await member(server, slug, 'Sofasidder'); // eligible, and does not vote
    const rules = {
      ...defaultForumRules,
      votingDays: 14,
      quorum: 3,
      majority: 'twoThirds',
      tallyVisibility: 'hiddenUntilClose',
    };
    expect(
      (await api.put(`/api/forums/${slug}/rules`, { token: contact.token, body: rules })).status,
    ).toBe(200);
    const opened = await openVote(api, proposal.id, contact.token);
    expect(opened.rules).toEqual({
      quorum: 3,
      majority: 'twoThirds',
      tallyVisibility: 'hiddenUntilClose',
      membersBeforeVoteOnly: true,
    });
    expect((Date.parse(opened.closesAt) - Date.parse(opened.openedAt)) / 86_400_000).toBeCloseTo(
      14,
      2,
    );
    // Changing the rules now leaves the open vote as it was.
    await api.put(`/api/forums/${slug}/rules`, { token: contact.token, body: defaultForumRules });
    const room = await connect(server.url);
    const live: Tally[] = [];
    room.on('tally.changed', ({ tally }) => live.push(tally));
    await ok(room, 'forum.join', { slug });
    await cast(proposal.id, author.token, { choice: 'yes' });
    await cast(proposal.id, contact.token, { choice: 'yes' });
    await cast(proposal.id, first.token, { choice: 'no' });
    const hidden = await tally(proposal.id);
    expect(hidden).toMatchObject({ open: true, voted: 3, yes: null, no: null, abstain: null });
    // The room hears how many voted, never the counts.
    await eventually(() => expect(live.at(-1)).toMatchObject({ voted: 3 }));
    expect(live.every((t) => t.yes === null && t.no === null && t.abstain === null)).toBe(true);
    room.disconnect();
    const closed = await api.post<Tally>(`/api/proposals/${proposal.id}/vote/close`, {
      token: contact.token,
    });
    // 2 of 3 yes and no: two thirds; 3 ballots meet the quorum.
    expect(closed.body).toMatchObject({
      open: false,
      yes: 2,
      no: 1,
      abstain: 0,
      outcome: 'adopted',
      eligible: 4,
    });
  });

  it('lets authors open votes when the forum says so', async () => {
    const slug = 'ugerloese';
    const { proposal, author, contact } = await draftWithContact(server, api, slug);
    const other = await member(server, slug);
    expect((await lifecycle(proposal.id, author.token)).permissions.openVote).toBe(false);
    await api.put(`/api/forums/${slug}/rules`, {
      token: contact.token,
      body: { ...defaultForumRules, authorsMayOpenVotes: true },
    });
    expect((await lifecycle(proposal.id, author.token)).permissions.openVote).toBe(true);
    expect((await lifecycle(proposal.id, other.token)).permissions.openVote).toBe(false);
    expect(
      (await api.post(`/api/proposals/${proposal.id}/vote`, { token: other.token })).status,
    ).toBe(403);
    await openVote(api, proposal.id, author.token);
  });
});

describe('the lifecycle over REST', () => {
  it('lets authors withdraw drafts, and authors or contact persons take a rejected proposal back to draft', async () => {
    const { proposal, author, contact } = await draftWithContact(server, api, FORUM);
    const stranger = await member(server, FORUM, 'Fremmed');
    expect((await lifecycle(proposal.id)).permissions).toEqual({
      openVote: false,
      closeVote: false,
      vote: false,
      withdraw: false,
      redraft: false,
    });
    expect((await lifecycle(proposal.id, author.token)).permissions).toMatchObject({
      withdraw: true,
      openVote: false,
    });
    expect((await lifecycle(proposal.id, contact.token)).permissions).toMatchObject({
      withdraw: false,
      openVote: true,
    });

    await openVote(api, proposal.id, contact.token);
    expect((await lifecycle(proposal.id, contact.token)).permissions).toMatchObject({
      closeVote: true,
      vote: true,
      openVote: false,
    });
    await cast(proposal.id, author.token, { choice: 'no' });
    await api.post(`/api/proposals/${proposal.id}/vote/close`, { token: contact.token });
    expect(await status(proposal.id)).toBe('not_adopted');

    const redraft = (token: string) =>
      api.post<ProposalLifecycle>(`/api/proposals/${proposal.id}/redraft`, {
        token,
        body: { reason: 'En ny runde' },
      });
    expect((await redraft(stranger.token)).status).toBe(403);
    const back = await redraft(author.token);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'draft', permissions: { withdraw: true } });
    expect((await redraft(contact.token)).status).toBe(409);

    // A second round on the same text reuses version 1.
    const second = await openVote(api, proposal.id, contact.token);
    expect(second.versionNumber).toBe(1);
    await cast(proposal.id, author.token, { choice: 'no' });
    await api.post(`/api/proposals/${proposal.id}/vote/close`, { token: contact.token });
    expect((await redraft(contact.token)).status).toBe(200);

    const withdrawn = await api.post<ProposalLifecycle>(`/api/proposals/${proposal.id}/withdraw`, {
      token: author.token,
      body: { reason: 'Vi prøver noget andet' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(
      (await api.post(`/api/proposals/${proposal.id}/withdraw`, { token: author.token })).status,
    ).toBe(409);
    expect(
      (await api.post(`/api/proposals/${proposal.id}/vote`, { token: contact.token })).status,
    ).toBe(409);
    expect(
      (
        await api.post(`/api/proposals/${proposal.id}/withdraw`, {
          token: author.token,
          body: { reason: 'x'.repeat(2001) },
        })
      ).status,
    ).toBe(400);

    const timeline = await api.get<ProposalTimeline>(`/api/proposals/${proposal.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(
      timeline.body.entries.map((e) => [
        e.kind,
        e.kind === 'statusChanged' ? e.data.to : null,
        e.actor.role,
        e.reason,
      ]),
    ).toEqual([
      ['statusChanged', 'voting', 'contactPerson', null],
      ['voteOpened', null, 'contactPerson', null],
      ['statusChanged', 'not_adopted', 'system', null],
      ['voteClosed', null, 'contactPerson', null],
      ['statusChanged', 'draft', 'member', 'En ny runde'],
      ['statusChanged', 'voting', 'contactPerson', null],
      ['voteOpened', null, 'contactPerson', null],
      ['statusChanged', 'not_adopted', 'system', null],
      ['voteClosed', null, 'contactPerson', null],
      ['statusChanged', 'draft', 'contactPerson', 'En ny runde'],
      ['statusChanged', 'withdrawn', 'member', 'Vi prøver noget andet'],
    ]);
    expect(timeline.body.entries[0]?.actor).toMatchObject({
      userId: contact.userId,
      name: 'Kontakt Person',
    });
    expect(
      (await api.get(`/api/proposals/00000000-0000-4000-8000-000000000000/timeline`)).status,
    ).toBe(404);
  });
});
