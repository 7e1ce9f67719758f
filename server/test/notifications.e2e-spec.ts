import type {
  ApiError,
  NotificationCreatedEvent,
  NotificationPage,
  NotificationPreferences,
  NotificationsReadEvent,
  UnreadCount,
} from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { EscalationReminders } from '../src/notifications/escalation-reminders';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { sleep } from './support/access';
import { eventually } from './support/collab';
import { db } from './support/factories';
import {
  castBallots,
  commentBy,
  debateBy,
  escalate,
  eventuallyNotified,
  makeContactPerson,
  member,
  notificationsOf,
  openVote,
  proposalWithVersion,
  publish,
  put,
  setPreferences,
} from './support/notifications';
import {
  closeClients,
  coCreatorOf,
  connect,
  demoPerson,
  PROCESS_CONSULTANT,
} from './support/realtime';

/** This file's forum: no other test file posts in it. */
const FORUM = 'stestrup';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

describe('in-app notifications', () => {
  it('tells a thread’s author of a comment live, with the unread count, and lists it', async () => {
    const author = await member(server, FORUM, 'Dorte Debat');
    const replier = await member(server, FORUM, 'Rasmus Replik');
    const debate = await debateBy(server, FORUM, author, 'Bænke ved søen');
    const live = await connect(server.url, { token: author.token });
    const arrived = new Promise<NotificationCreatedEvent>((resolve) =>
      live.once('notification.created', resolve),
    );

    const comment = await commentBy(server, debate.id, replier, 'Gerne flere!');

    const expected = {
      kind: 'reply',
      data: {
        forumSlug: FORUM,
        debateId: debate.id,
        debateTitle: 'Bænke ved søen',
        commentId: comment.id,
        to: 'debate',
        authorName: 'Rasmus Replik',
      },
      readAt: null,
    };
    expect(await arrived).toMatchObject({ notification: expected, unreadCount: 1 });
    const page = await notificationsOf(server, author);
    expect(page).toMatchObject({ items: [expected], unreadCount: 1, nextCursor: null });
    // Whoever commented is not told about their own comment.
    expect((await notificationsOf(server, replier)).items).toEqual([]);
  });

  it('tells a comment’s author of a reply to it, and the thread’s author too, but never the replier', async () => {
    const author = await member(server, FORUM, 'Dorte Debat');
    const commenter = await member(server, FORUM, 'Karl Kommentar');
    const debate = await debateBy(server, FORUM, author, 'Cykelparkering');
    const top = await commentBy(server, debate.id, commenter, 'Ved stationen');
    await eventuallyNotified(server, author, 1);

    // The commenter answers themself: nobody but the thread's author hears of it.
    await commentBy(server, debate.id, commenter, 'Og ved skolen', top.id);
    await eventuallyNotified(server, author, 2);
    expect((await notificationsOf(server, commenter)).items).toEqual([]);

    // The thread's author replies to the comment: only the commenter is told.
    const reply = await commentBy(server, debate.id, author, 'God idé', top.id);
    const page = await eventuallyNotified(server, commenter, 1);
    expect(page.items[0]).toMatchObject({
      kind: 'reply',
      data: { commentId: reply.id, to: 'comment', authorName: 'Dorte Debat' },
    });
    await sleep(300);
    expect((await notificationsOf(server, author)).items).toHaveLength(2);
  });

  it('tells a hidden post’s author, naming the thread, and not the moderator', async () => {
    const author = await member(server, FORUM, 'Henning Skjult');
    const moderator = await member(server, FORUM, 'Mette Moderator');
    await makeContactPerson(server, FORUM, moderator);
    const debate = await debateBy(server, FORUM, author, 'Larm om natten');
    const res = await api.post(`/api/debates/${debate.id}/hide`, {
      token: moderator.token,
      body: { reason: 'Uden for emnet' },
    });
    expect(res.status).toBe(204);
    const page = await eventuallyNotified(server, author, 1);
    expect(page.items[0]).toMatchObject({
      kind: 'postHidden',
      data: {
        debateTitle: 'Larm om natten',
        post: { kind: 'debate', id: debate.id },
        reason: 'Uden for emnet',
      },
    });
    expect((await notificationsOf(server, moderator)).items).toEqual([]);
  });

  it('tells the forum’s contact persons of a report, not the reporter', async () => {
    const contact = await member(server, FORUM, 'Kirsten Kontakt');
    await makeContactPerson(server, FORUM, contact);
    const reporter = await member(server, FORUM, 'Anders Anmelder');
    await makeContactPerson(server, FORUM, reporter);
    const author = await member(server, FORUM, 'Bo Bandit');
    const debate = await debateBy(server, FORUM, author, 'Køb billigt');
    const before = (await notificationsOf(server, contact)).items.length;
    const res = await api.post('/api/reports', {
      token: reporter.token,
      body: { post: { kind: 'debate', id: debate.id }, reason: 'Reklame' },
    });
    expect(res.status).toBe(201);
    const page = await eventuallyNotified(server, contact, before + 1);
    expect(page.items[0]).toMatchObject({
      kind: 'reportCreated',
      data: { debateId: debate.id, post: { kind: 'debate', id: debate.id } },
    });
    await sleep(300);
    expect((await notificationsOf(server, reporter)).items.map((n) => n.kind)).not.toContain(
      'reportCreated',
    );
  });
});

describe('votes and escalations', () => {
  it('tells the forum’s members when a vote opens (not the opener), and the voters when it closes', async () => {
    const author = await member(server, FORUM, 'Anna Forfatter');
    const opener = await member(server, FORUM, 'Ole Åbner');
    const voter = await member(server, FORUM, 'Vera Vælger');
    const bystander = await member(server, FORUM, 'Bent Tilskuer');
    const p = await proposalWithVersion(server, FORUM, 'Shelter i skoven', [author.userId]);
    const { voteId, closesAt } = await openVote(server, p, opener.userId);
    publish(server, 'vote.opened', { voteId, ...p, versionNumber: 1, closesAt });

    for (const person of [author, voter, bystander]) {
      const page = await eventuallyNotified(server, person, 1);
      expect(page.items[0]).toMatchObject({
        kind: 'voteOpened',
        data: {
          proposalId: p.proposalId,
          proposalTitle: 'Shelter i skoven',
          forumSlug: FORUM,
          versionNumber: 1,
          closesAt,
        },
      });
    }
    expect((await notificationsOf(server, opener)).items).toEqual([]);

    await castBallots(server, voteId, [
      [voter.userId, 'yes'],
      [opener.userId, 'no'],
    ]);
    await db(server).query(
      `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now(), closed_by = $2, close_reason = 'early',
              outcome = 'adopted' WHERE id = $1`,
      [voteId, opener.userId],
    );
    publish(server, 'vote.closed', {
      voteId,
      ...p,
      outcome: 'adopted',
      yes: 1,
      no: 1,
      abstain: 0,
    });
    const page = await eventuallyNotified(server, voter, 2);
    expect(page.items[0]).toMatchObject({
      kind: 'voteClosed',
      data: { outcome: 'adopted', yes: 1, no: 1, abstain: 0 },
    });
    await sleep(300);
    // The opener voted but closed it; the others did not vote.
    expect((await notificationsOf(server, opener)).items).toEqual([]);
    expect((await notificationsOf(server, bystander)).items).toHaveLength(1);
  });

  it('tells staff of an escalation sent or handed to them, and authors and voters of the answer', async () => {
    const author = await member(server, FORUM, 'Anna Forfatter');
    const voter = await member(server, FORUM, 'Vera Vælger');
    const coCreator = await coCreatorOf(server, FORUM);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const p = await proposalWithVersion(server, FORUM, 'Ny legeplads', [author.userId]);
    const { voteId } = await openVote(server, p, null);
    await castBallots(server, voteId, [[voter.userId, 'yes']]);
    await db(server).query(
      `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now(), close_reason = 'deadline', outcome = 'adopted' WHERE id = $1`,
      [voteId],
    );
    const { escalationId, answerDueAt } = await escalate(
      server,
      p,
      voteId,
      coCreator.userId,
      author.userId,
    );
    const staffCount = async (userId: string) =>
      (
        await db(server).query<[{ n: number }]>(
          `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND data->>'escalationId' = $2`,
          [userId, escalationId],
        )
      )[0].n;

    publish(server, 'proposal.escalated', {
      escalationId,
      ...p,
      recipientId: coCreator.userId,
      answerDueAt,
    });
    await eventually(async () => expect(await staffCount(coCreator.userId)).toBe(1));
    const received = await api.get<NotificationPage>('/api/notifications', {
      token: coCreator.token,
    });
    expect(received.body.items.find((n) => n.kind === 'escalationReceived')).toMatchObject({
      data: { escalationId, proposalTitle: 'Ny legeplads', answerDueAt, handedOverBy: null },
    });

    await db(server).query(
      `INSERT INTO escalation_handovers (escalation_id, from_id, to_id, by_id, note)
       VALUES ($1, $2, $3, $2, 'Du kender området')`,
      [escalationId, coCreator.userId, consultant.userId],
    );
    publish(server, 'escalation.handedOver', {
      escalationId,
      ...p,
      fromId: coCreator.userId,
      toId: consultant.userId,
    });
    await eventually(async () => expect(await staffCount(consultant.userId)).toBe(1));
    const handed = await api.get<NotificationPage>('/api/notifications', {
      token: consultant.token,
    });
    expect(handed.body.items.find((n) => n.kind === 'escalationReceived')).toMatchObject({
      data: { escalationId, handedOverBy: coCreator.name },
    });

    const [answer] = await db(server).query<[{ id: string }]>(
      `INSERT INTO escalation_answers (escalation_id, status, text, author_id, author_name, author_role)
       VALUES ($1, 'accepted', 'Vi bygger den', $2, $3, 'processConsultant') RETURNING id`,
      [escalationId, consultant.userId, consultant.name],
    );
    publish(server, 'escalation.answered', {
      escalationId,
      ...p,
      answerId: answer.id,
      status: 'accepted',
    });
    for (const person of [author, voter]) {
      const page = await eventually(async () => {
        const page = await notificationsOf(server, person);
        expect(page.items.map((n) => n.kind)).toContain('escalationAnswered');
        return page;
      });
      expect(page.items.find((n) => n.kind === 'escalationAnswered')).toMatchObject({
        data: { escalationId, status: 'accepted', answeredBy: consultant.name },
      });
    }
    await sleep(300);
    // The one who answered is not told of their own answer.
    expect(await staffCount(consultant.userId)).toBe(1);
  });

  it('reminds staff once of an unanswered escalation due within 48 hours', async () => {
    const author = await member(server, FORUM, 'Anna Forfatter');
    const coCreator = await coCreatorOf(server, FORUM);
    const soon = await proposalWithVersion(server, FORUM, 'Snart for sent', [author.userId]);
    const later = await proposalWithVersion(server, FORUM, 'God tid endnu', [author.userId]);
    const answered = await proposalWithVersion(server, FORUM, 'Allerede besvaret', [author.userId]);
    const escalations: { escalationId: string; answerDueAt: string }[] = [];
    for (const [p, hours] of [
      [soon, 20],
      [later, 24 * 5],
      [answered, 10],
    ] as const) {
      const { voteId } = await openVote(server, p, null);
      await db(server).query(
        `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now(), close_reason = 'deadline', outcome = 'adopted' WHERE id = $1`,
        [voteId],
      );
      escalations.push(await escalate(server, p, voteId, coCreator.userId, author.userId, hours));
    }
    await db(server).query(`UPDATE escalations SET first_answered_at = now() WHERE id = $1`, [
      escalations[2]!.escalationId,
    ]);
    const reminders = server.app.get(EscalationReminders);
    await reminders.remind();
    await reminders.remind();

    const rows = await db(server).query<{ escalation_id: string }[]>(
      `SELECT data->>'escalationId' AS escalation_id FROM notifications
        WHERE user_id = $1 AND kind = 'escalationDueSoon' AND data->>'escalationId' = ANY($2)`,
      [coCreator.userId, escalations.map((e) => e.escalationId)],
    );
    expect(rows.map((r) => r.escalation_id)).toEqual([escalations[0]!.escalationId]);
    const page = await api.get<NotificationPage>('/api/notifications', { token: coCreator.token });
    expect(
      page.body.items.find(
        (n) =>
          n.kind === 'escalationDueSoon' && n.data.escalationId === escalations[0]!.escalationId,
      ),
    ).toMatchObject({
      data: { proposalTitle: 'Snart for sent', answerDueAt: escalations[0]!.answerDueAt },
    });
  });
});

describe('reading notifications', () => {
  async function withNotifications(count: number) {
    const author = await member(server, FORUM, 'Lise Læser');
    const replier = await member(server, FORUM, 'Svend Svar');
    const debate = await debateBy(server, FORUM, author, 'Trafik');
    for (let i = 0; i < count; i++) await commentBy(server, debate.id, replier, `Svar ${i}`);
    const page = await eventuallyNotified(server, author, count);
    return { author, replier, ids: page.items.map((n) => n.id) };
  }

  it('pages newest first with a cursor', async () => {
    const { author, ids } = await withNotifications(3);
    const first = await api.get<NotificationPage>('/api/notifications?limit=2', {
      token: author.token,
    });
    expect(first.body.items.map((n) => n.id)).toEqual(ids.slice(0, 2));
    expect(first.body.unreadCount).toBe(3);
    const second = await api.get<NotificationPage>(
      `/api/notifications?limit=2&cursor=${first.body.nextCursor}`,
      { token: author.token },
    );
    expect(second.body.items.map((n) => n.id)).toEqual(ids.slice(2));
    expect(second.body.nextCursor).toBeNull();

    for (const query of [
      'limit=0',
      'limit=101',
      'limit=2.0',
      'cursor=bm90LWEtY3Vyc29y',
      'cursor=',
    ]) {
      const res = await api.get<ApiError>(`/api/notifications?${query}`, { token: author.token });
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it('marks one, then all, read; other tabs hear the count', async () => {
    const { author, ids } = await withNotifications(3);
    const otherTab = await connect(server.url, { token: author.token });
    const counts: number[] = [];
    otherTab.on('notifications.read', (e: NotificationsReadEvent) => counts.push(e.unreadCount));

    const one = await api.post<UnreadCount>('/api/notifications/read', {
      token: author.token,
      body: { ids: [ids[1]] },
    });
    expect([one.status, one.body.unreadCount]).toEqual([200, 2]);
    const page = await notificationsOf(server, author);
    expect(page.items.map((n) => n.readAt !== null)).toEqual([false, true, false]);
    expect(page.unreadCount).toBe(2);

    const all = await api.post<UnreadCount>('/api/notifications/read', {
      token: author.token,
      body: { all: true },
    });
    expect([all.status, all.body.unreadCount]).toEqual([200, 0]);
    expect((await notificationsOf(server, author)).items.every((n) => n.readAt !== null)).toBe(
      true,
    );
    await eventually(() => expect(counts).toEqual([2, 0]));
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const { author, ids } = await withNotifications(1);
    const { ids: foreign } = await withNotifications(1);
    const bodies: unknown[] = [
      {},
      { ids: [ids[0]], all: true },
      { all: false },
      { ids: [] },
      { ids: ['not-a-uuid'] },
      { ids: ids[0] },
      { ids: [ids[0], foreign[0]] },
      { ids: [foreign[0]] },
      { ids: [ids[0]], extra: 1 },
    ];
    for (const body of bodies) {
      const res = await api.post<ApiError>('/api/notifications/read', {
        token: author.token,
        body,
      });
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([
        JSON.stringify(body),
        400,
        'validation_failed',
      ]);
    }
    const malformed = await api.post('/api/notifications/read', {
      token: author.token,
      rawBody: '{"ids": [',
    });
    expect(malformed.status).toBe(400);
    expect((await api.post('/api/notifications/read', { body: { all: true } })).status).toBe(401);
    expect((await notificationsOf(server, author)).unreadCount).toBe(1);
    const rows = await db(server).query<{ read_at: Date | null }[]>(
      `SELECT read_at FROM notifications WHERE id = ANY($1::uuid[])`,
      [[...ids, ...foreign]],
    );
    expect(rows.map((r) => r.read_at)).toEqual([null, null]);
  });
});

describe('preferences', () => {
  it('starts from the defaults and replaces every choice at once; bad input is a 400', async () => {
    const person = await member(server, FORUM, 'Pia Præference');
    const got = await api.get<NotificationPreferences>('/api/notifications/preferences', {
      token: person.token,
    });
    expect(got.body).toEqual({
      language: 'da',
      kinds: {
        voteOpened: 'digest',
        voteClosed: 'digest',
        escalationAnswered: 'immediate',
        reply: 'immediate',
        postHidden: 'immediate',
        reportCreated: 'digest',
        escalationReceived: 'immediate',
        escalationDueSoon: 'immediate',
        requestReceived: 'immediate',
        requestUpdated: 'immediate',
        poolApplication: 'immediate',
        grantRefused: 'immediate',
      },
    });
    const changed = await setPreferences(
      server,
      person,
      { reply: 'off', voteOpened: 'immediate' },
      'en',
    );
    expect(changed).toMatchObject({
      language: 'en',
      kinds: { reply: 'off', voteOpened: 'immediate', voteClosed: 'digest' },
    });
    const bad: unknown[] = [
      { language: 'en', kinds: { ...changed.kinds, reply: 'sometimes' } },
      { language: 'de', kinds: changed.kinds },
      { language: 'en', kinds: { reply: 'off' } },
      { language: 'en', kinds: { ...changed.kinds, gossip: 'off' } },
      { kinds: changed.kinds },
    ];
    for (const body of bad) {
      const res = await put<ApiError>(server, '/api/notifications/preferences', person.token, body);
      expect(res.status).toBe(400);
    }
    const after = await api.get<NotificationPreferences>('/api/notifications/preferences', {
      token: person.token,
    });
    expect(after.body).toEqual(changed);
    expect((await api.get('/api/notifications/preferences')).status).toBe(401);
  });

  it('off means neither in the app nor by mail; digest and immediate are listed in the app', async () => {
    const author = await member(server, FORUM, 'Olga Off');
    const replier = await member(server, FORUM, 'Rune Replik');
    await setPreferences(server, author, { reply: 'off' });
    const debate = await debateBy(server, FORUM, author, 'Stille, tak');
    await commentBy(server, debate.id, replier, 'Første');
    await sleep(500);
    expect((await notificationsOf(server, author)).items).toEqual([]);

    await setPreferences(server, author, { reply: 'digest' });
    await commentBy(server, debate.id, replier, 'Anden');
    await eventuallyNotified(server, author, 1);
    const [row] = await db(server).query<[{ delivery: string }]>(
      `SELECT delivery FROM notifications WHERE user_id = $1`,
      [author.userId],
    );
    expect(row.delivery).toBe('digest');
  });
});
