import type {
  ApiError,
  Comment,
  CreatedReport,
  Debate,
  DebatePage,
  DebateThread,
  ModerationLogEntry,
  NotificationPage,
  Report,
} from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { signedInPerson } from './support/factories';
import {
  ADMINISTRATOR,
  closeClients,
  coCreatorOf,
  connect,
  contactPerson,
  demoPerson,
  PROCESS_CONSULTANT,
} from './support/realtime';

/** This file's forums; the fælles-skaber of these areas does not cover OTHER_FORUM's. */
const FORUM = 'ugerloese';
const OTHER_FORUM = 'holbaek';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

async function thread(slug = FORUM) {
  const author = await signedInPerson(server, 'Ulla Udtalelse');
  const commenter = await signedInPerson(server, 'Carl Kommentar');
  const debate = await api.post<Debate>(`/api/forums/${slug}/debates`, {
    token: author.token,
    body: { title: 'Trafik på hovedgaden', body: 'Der køres for stærkt.' },
  });
  const comment = await api.post<Comment>(`/api/debates/${debate.body.id}/comments`, {
    token: commenter.token,
    body: { body: 'Noget ubehageligt' },
  });
  return { author, commenter, debate: debate.body, comment: comment.body };
}

const statusOf = async (p: Promise<{ status: number }>) => (await p).status;

describe('reports', () => {
  it('lets anyone signed in report someone else’s visible post, once', async () => {
    const { author, commenter, comment } = await thread();
    const report = (token?: string, body: object = {}) =>
      api.post<CreatedReport & ApiError>('/api/reports', {
        token,
        body: { post: { kind: 'comment', id: comment.id }, reason: 'Personangreb', ...body },
      });
    expect(await statusOf(report())).toBe(401);
    expect(await statusOf(report(commenter.token))).toBe(403);
    expect(await statusOf(report(author.token, { reason: '' }))).toBe(400);
    expect(await statusOf(report(author.token, { post: { kind: 'comment' } }))).toBe(400);
    const first = await report(author.token);
    expect(first.status).toBe(201);
    expect(first.body.id).toBeTruthy();
    const again = await report(author.token);
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
  });

  it('shows the queue to the forum’s contact persons and staff only', async () => {
    const { author, comment } = await thread();
    await api.post('/api/reports', {
      token: author.token,
      body: { post: { kind: 'comment', id: comment.id }, reason: 'Spam' },
    });
    const queue = (token?: string) => api.get<Report[]>(`/api/forums/${FORUM}/reports`, { token });

    const outsiders = [
      undefined,
      author.token,
      (await contactPerson(server, OTHER_FORUM)).token,
      (await coCreatorOf(server, OTHER_FORUM)).token,
    ];
    expect(await Promise.all(outsiders.map((t) => statusOf(queue(t))))).toEqual([
      401, 403, 403, 403,
    ]);
    const moderators = [
      (await contactPerson(server, FORUM)).token,
      (await coCreatorOf(server, FORUM)).token,
      (await demoPerson(server, PROCESS_CONSULTANT)).token,
      (await demoPerson(server, ADMINISTRATOR)).token,
    ];
    for (const token of moderators) {
      const res = await queue(token);
      expect(res.status).toBe(200);
      const mine = res.body.find((r) => r.post.id === comment.id);
      expect(mine).toMatchObject({
        forumSlug: FORUM,
        post: { kind: 'comment', id: comment.id },
        reason: 'Spam',
        reporter: { userId: author.userId, name: 'Ulla Udtalelse' },
        content: { body: 'Noget ubehageligt', state: 'visible', title: null },
      });
    }
  });

  it('lets a moderator dismiss a report', async () => {
    const { author, comment } = await thread();
    const moderator = await contactPerson(server, FORUM);
    const { body } = await api.post<CreatedReport>('/api/reports', {
      token: author.token,
      body: { post: { kind: 'comment', id: comment.id }, reason: 'Hmm' },
    });
    expect(
      await statusOf(api.post(`/api/reports/${body.id}/dismiss`, { token: author.token })),
    ).toBe(403);
    expect(
      await statusOf(api.post(`/api/reports/${body.id}/dismiss`, { token: moderator.token })),
    ).toBe(204);
    expect(
      await statusOf(api.post(`/api/reports/${body.id}/dismiss`, { token: moderator.token })),
    ).toBe(409);
    const queue = await api.get<Report[]>(`/api/forums/${FORUM}/reports`, {
      token: moderator.token,
    });
    expect(queue.body.map((r) => r.id)).not.toContain(body.id);
  });
});

describe('hiding posts', () => {
  it('lets only this forum’s moderators hide, shows the public reason, logs it and tells the author', async () => {
    const { author, commenter, debate, comment } = await thread();
    await api.post('/api/reports', {
      token: author.token,
      body: { post: { kind: 'comment', id: comment.id }, reason: 'Grimt' },
    });
    const hide = (token?: string) =>
      api.post<ApiError>(`/api/comments/${comment.id}/hide`, {
        token,
        body: { reason: 'Personangreb' },
      });
    const foreignContact = await contactPerson(server, OTHER_FORUM);
    const foreignCoCreator = await coCreatorOf(server, OTHER_FORUM);
    expect(
      await Promise.all(
        [undefined, author.token, foreignContact.token, foreignCoCreator.token].map((t) =>
          statusOf(hide(t)),
        ),
      ),
    ).toEqual([401, 403, 403, 403]);

    const moderator = await contactPerson(server, FORUM, 'Mona Moderator');
    const live = await connect(server.url, { token: commenter.token });
    const notified = new Promise((resolve) => live.once('notification.created', resolve));
    expect(
      await statusOf(
        api.post(`/api/comments/${comment.id}/hide`, {
          token: moderator.token,
          body: { reason: '' },
        }),
      ),
    ).toBe(400);
    expect(await statusOf(hide(moderator.token))).toBe(204);
    expect(await statusOf(hide(moderator.token))).toBe(409);

    const shown = await api.get<DebateThread>(`/api/debates/${debate.id}`);
    expect(shown.body.comments[0]).toMatchObject({
      id: comment.id,
      state: 'hidden',
      body: null,
      author: null,
      hiddenReason: 'Personangreb',
    });
    const queue = await api.get<Report[]>(`/api/forums/${FORUM}/reports`, {
      token: moderator.token,
    });
    expect(queue.body.map((r) => r.post.id)).not.toContain(comment.id);

    const log = await api.get<ModerationLogEntry[]>(`/api/forums/${FORUM}/moderation-log`);
    expect(log.status).toBe(200);
    expect(log.body[0]).toMatchObject({
      action: 'hide',
      post: { kind: 'comment', id: comment.id },
      debateId: debate.id,
      reason: 'Personangreb',
      moderator: { userId: moderator.userId, name: 'Mona Moderator' },
    });

    const expected = {
      kind: 'postHidden',
      data: {
        forumSlug: FORUM,
        debateId: debate.id,
        debateTitle: 'Trafik på hovedgaden',
        post: { kind: 'comment', id: comment.id },
        reason: 'Personangreb',
      },
      readAt: null,
    };
    expect(await notified).toMatchObject({ notification: expected, unreadCount: 1 });
    const mine = await api.get<NotificationPage>('/api/notifications', {
      token: commenter.token,
    });
    expect(mine.body.items[0]).toMatchObject(expected);
    expect(await statusOf(api.get('/api/notifications'))).toBe(401);
    const others = await api.get<NotificationPage>('/api/notifications', {
      token: author.token,
    });
    // The thread's author heard of the comment, but not of its hiding.
    expect(others.body.items.map((n) => n.kind)).toEqual(['reply']);
  });

  it('lets the process consultant hide a thread’s opening post in any forum', async () => {
    const { debate } = await thread(OTHER_FORUM);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    expect(
      await statusOf(
        api.post(`/api/debates/${debate.id}/hide`, {
          token: consultant.token,
          body: { reason: 'Reklame' },
        }),
      ),
    ).toBe(204);
    const list = await api.get<DebatePage>(`/api/forums/${OTHER_FORUM}/debates`);
    expect(list.body.items.find((d) => d.id === debate.id)).toMatchObject({
      state: 'hidden',
      title: null,
      body: null,
      hiddenReason: 'Reklame',
    });
    // A hidden thread takes no new comments.
    const someone = await signedInPerson(server);
    expect(
      await statusOf(
        api.post(`/api/debates/${debate.id}/comments`, {
          token: someone.token,
          body: { body: 'x' },
        }),
      ),
    ).toBe(409);
  });
});

describe('locking threads', () => {
  it('stops comments and edits until unlocked, and logs both', async () => {
    const { author, commenter, debate, comment } = await thread();
    const coCreator = await coCreatorOf(server, FORUM);
    expect(
      await statusOf(api.post(`/api/debates/${debate.id}/lock`, { token: author.token, body: {} })),
    ).toBe(403);
    const locked = await api.post<Debate>(`/api/debates/${debate.id}/lock`, {
      token: coCreator.token,
      body: { reason: 'Emnet er behandlet' },
    });
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ locked: true, lockedReason: 'Emnet er behandlet' });
    expect(
      await statusOf(
        api.post(`/api/debates/${debate.id}/lock`, { token: coCreator.token, body: {} }),
      ),
    ).toBe(409);

    const refused = [
      api.post(`/api/debates/${debate.id}/comments`, {
        token: commenter.token,
        body: { body: 'for sent' },
      }),
      api.patch(`/api/comments/${comment.id}`, {
        token: commenter.token,
        body: { body: 'rettet' },
      }),
      api.patch(`/api/debates/${debate.id}`, { token: author.token, body: { body: 'rettet' } }),
    ];
    expect(await Promise.all(refused.map(statusOf))).toEqual([409, 409, 409]);
    // Authors may still take their own words back.
    expect(
      await statusOf(api.delete(`/api/comments/${comment.id}`, { token: commenter.token })),
    ).toBe(204);

    const unlocked = await api.post<Debate>(`/api/debates/${debate.id}/unlock`, {
      token: coCreator.token,
    });
    expect(unlocked.body).toMatchObject({ locked: false, lockedReason: null });
    expect(
      await statusOf(
        api.post(`/api/debates/${debate.id}/comments`, {
          token: commenter.token,
          body: { body: 'igen' },
        }),
      ),
    ).toBe(201);
    const log = await api.get<ModerationLogEntry[]>(`/api/forums/${FORUM}/moderation-log`);
    expect(log.body.slice(0, 2).map((e) => [e.action, e.debateId, e.reason])).toEqual([
      ['unlock', debate.id, null],
      ['lock', debate.id, 'Emnet er behandlet'],
    ]);
  });
});
