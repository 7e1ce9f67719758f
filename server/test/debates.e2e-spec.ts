import type {
  ApiError,
  Comment,
  Debate,
  DebatePage,
  DebateThread,
  PostRevision,
  ProposalDetail,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { db, signedInPerson } from './support/factories';
import { coCreatorOf, demoPerson, PROCESS_CONSULTANT } from './support/realtime';

/** This file's forums; other test files use others, so lists and sequences are ours. */
const FORUM = 'regstrup';
const OTHER_FORUM = 'stestrup';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

async function startDebate(token: string, body: object = {}, slug = FORUM) {
  const res = await api.post<Debate>(`/api/forums/${slug}/debates`, {
    token,
    body: { title: 'Stier i skoven', body: 'Skal vi rydde stierne?', ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function addComment(token: string, debateId: string, body: object = {}) {
  const res = await api.post<Comment>(`/api/debates/${debateId}/comments`, {
    token,
    body: { body: 'Ja, gerne.', ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('who may do what in a debate', () => {
  it('lets guests read, anyone signed in post (member or not), and only authors edit or delete', async () => {
    const author = await signedInPerson(server, 'Ane Forfatter');
    const other = await signedInPerson(server, 'Bo Anden');
    // Neither is a member of the forum: debates are open to everyone signed in.
    const debate = await startDebate(author.token);
    expect(debate).toMatchObject({
      forumSlug: FORUM,
      title: 'Stier i skoven',
      body: 'Skal vi rydde stierne?',
      author: { userId: author.userId, name: 'Ane Forfatter', staff: null },
      state: 'visible',
      locked: false,
      editedAt: null,
      commentCount: 0,
      proposalId: null,
    });
    const comment = await addComment(other.token, debate.id);

    const guestList = await api.get<DebatePage>(`/api/forums/${FORUM}/debates`);
    expect(guestList.status).toBe(200);
    expect(guestList.body.items.map((d) => d.id)).toContain(debate.id);
    const guestThread = await api.get<DebateThread>(`/api/debates/${debate.id}`);
    expect(guestThread.body.comments.map((c) => c.id)).toEqual([comment.id]);
    expect(guestThread.body.permissions).toEqual({
      comment: false,
      edit: false,
      delete: false,
      report: false,
      moderate: false,
    });
    const asOther = await api.get<DebateThread>(`/api/debates/${debate.id}`, {
      token: other.token,
    });
    expect(asOther.body.permissions).toMatchObject({ comment: true, edit: false, report: true });

    const guestPosts = [
      await api.post(`/api/forums/${FORUM}/debates`, { body: { title: 't', body: 'b' } }),
      await api.post(`/api/debates/${debate.id}/comments`, { body: { body: 'b' } }),
      await api.patch(`/api/debates/${debate.id}`, { body: { body: 'b' } }),
      await api.delete(`/api/comments/${comment.id}`),
    ];
    expect(guestPosts.map((r) => r.status)).toEqual([401, 401, 401, 401]);

    const notAuthor = [
      await api.patch<ApiError>(`/api/debates/${debate.id}`, {
        token: other.token,
        body: { body: 'kapret' },
      }),
      await api.delete<ApiError>(`/api/debates/${debate.id}`, { token: other.token }),
      await api.patch<ApiError>(`/api/comments/${comment.id}`, {
        token: author.token,
        body: { body: 'kapret' },
      }),
      await api.delete<ApiError>(`/api/comments/${comment.id}`, { token: author.token }),
    ];
    expect(notAuthor.map((r) => [r.status, r.body.error.code])).toEqual(
      Array(4).fill([403, 'forbidden']),
    );
    const unchanged = await api.get<DebateThread>(`/api/debates/${debate.id}`);
    expect(unchanged.body.debate.body).toBe('Skal vi rydde stierne?');
    expect(unchanged.body.comments[0]!.body).toBe('Ja, gerne.');
  });

  it('keeps the history of edits and marks edited posts', async () => {
    const author = await signedInPerson(server);
    const debate = await startDebate(author.token, { title: 'Første titel', body: 'Første tekst' });
    const edited = await api.patch<Debate>(`/api/debates/${debate.id}`, {
      token: author.token,
      body: { title: 'Anden titel' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Anden titel', body: 'Første tekst' });
    expect(edited.body.editedAt).not.toBeNull();
    await api.patch(`/api/debates/${debate.id}`, {
      token: author.token,
      body: { body: 'Tredje tekst' },
    });
    const history = await api.get<PostRevision[]>(`/api/debates/${debate.id}/revisions`);
    expect(history.body.map((r) => [r.number, r.title, r.body])).toEqual([
      [1, 'Første titel', 'Første tekst'],
      [2, 'Anden titel', 'Første tekst'],
    ]);
    expect(history.body[0]!.writtenAt).toBe(debate.createdAt);

    const comment = await addComment(author.token, debate.id, { body: 'før' });
    const changed = await api.patch<Comment>(`/api/comments/${comment.id}`, {
      token: author.token,
      body: { body: 'efter' },
    });
    expect(changed.body).toMatchObject({ body: 'efter', state: 'visible' });
    expect(changed.body.editedAt).not.toBeNull();
    const commentHistory = await api.get<PostRevision[]>(`/api/comments/${comment.id}/revisions`);
    expect(commentHistory.body.map((r) => [r.number, r.title, r.body])).toEqual([[1, null, 'før']]);
  });

  it('deletes a post with its history but keeps the thread and the answers readable', async () => {
    const author = await signedInPerson(server);
    const other = await signedInPerson(server);
    const debate = await startDebate(author.token, { title: 'Slettes snart' });
    await api.patch(`/api/debates/${debate.id}`, { token: author.token, body: { body: 'v2' } });
    const answer = await addComment(other.token, debate.id, { body: 'Et svar' });
    const mine = await addComment(author.token, debate.id, { body: 'Min kommentar' });

    expect((await api.delete(`/api/comments/${mine.id}`, { token: author.token })).status).toBe(
      204,
    );
    expect((await api.delete(`/api/debates/${debate.id}`, { token: author.token })).status).toBe(
      204,
    );
    const thread = await api.get<DebateThread>(`/api/debates/${debate.id}`);
    expect(thread.body.debate).toMatchObject({ state: 'deleted', title: null, body: null });
    expect(thread.body.debate.author).toBeNull();
    expect(thread.body.comments.map((c) => [c.id, c.state, c.body])).toEqual([
      [answer.id, 'visible', 'Et svar'],
      [mine.id, 'deleted', null],
    ]);
    const list = await api.get<DebatePage>(`/api/forums/${FORUM}/debates?limit=100`);
    expect(list.body.items.map((d) => d.id)).not.toContain(debate.id);
    const stored = await db(server).query<{ revisions: number; body: string }[]>(
      `SELECT (SELECT count(*)::int FROM debate_revisions WHERE debate_id = $1) AS revisions,
              (SELECT body FROM comments WHERE id = $2) AS body`,
      [debate.id, mine.id],
    );
    expect(stored).toEqual([{ revisions: 0, body: '' }]);
    const again = await api.delete<ApiError>(`/api/debates/${debate.id}`, {
      token: author.token,
    });
    expect(again.status).toBe(409);
  });

  it('nests replies one level, in the same debate only', async () => {
    const person = await signedInPerson(server);
    const debate = await startDebate(person.token);
    const elsewhere = await startDebate(person.token);
    const top = await addComment(person.token, debate.id);
    const reply = await addComment(person.token, debate.id, { parentId: top.id, body: 'Svar' });
    expect(reply.parentId).toBe(top.id);

    const tooDeep = await api.post<ApiError>(`/api/debates/${debate.id}/comments`, {
      token: person.token,
      body: { body: 'Svar på svar', parentId: reply.id },
    });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.issues?.[0]?.path).toBe('parentId');
    const wrongThread = await api.post<ApiError>(`/api/debates/${elsewhere.id}/comments`, {
      token: person.token,
      body: { body: 'Forkert tråd', parentId: top.id },
    });
    expect(wrongThread.status).toBe(400);

    // The database holds the rule too, whoever writes to it.
    await expect(
      db(server).query(
        `INSERT INTO comments (debate_id, parent_id, depth, body) VALUES ($1, $2, 1, 'x')`,
        [debate.id, reply.id],
      ),
    ).rejects.toThrow(/comments_parent/);
    await expect(
      db(server).query(
        `INSERT INTO comments (debate_id, parent_id, depth, body) VALUES ($1, $2, 1, 'x')`,
        [elsewhere.id, top.id],
      ),
    ).rejects.toThrow(/comments_parent/);
  });

  it('validates titles and texts and keeps them as plain text', async () => {
    const person = await signedInPerson(server);
    const bad = [
      { title: '', body: 'b' },
      { title: 'x'.repeat(201), body: 'b' },
      { title: 't', body: ' '.repeat(10) },
      { title: 't', body: 'x'.repeat(5001) },
      { title: 't', body: 'b', extra: 1 },
      { title: 't', body: 'nul\u0000tegn' },
      { title: 42, body: 'b' },
    ];
    for (const body of bad) {
      const res = await api.post<ApiError>(`/api/forums/${FORUM}/debates`, {
        token: person.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const html = await startDebate(person.token, {
      title: '  <b>fed</b>  ',
      body: '<script>alert(1)</script>\nLinje to',
    });
    expect(html.title).toBe('<b>fed</b>');
    expect(html.body).toBe('<script>alert(1)</script>\nLinje to');
  });

  it('marks answers from a fælles-skaber and the process consultant as staff', async () => {
    const coCreator = await coCreatorOf(server, FORUM);
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const citizen = await signedInPerson(server);
    const debate = await startDebate(citizen.token);
    const a = await addComment(coCreator.token, debate.id);
    const b = await addComment(consultant.token, debate.id);
    expect(a.author?.staff).toBe('coCreator');
    expect(b.author?.staff).toBe('processConsultant');
    // A fælles-skaber answering in another area's forum is still staff.
    const other = await startDebate(coCreator.token, {}, OTHER_FORUM);
    expect(other.author?.staff).toBe('coCreator');
  });

  it('links a debate to a proposal of the same forum only', async () => {
    const member = await signedInPerson(server);
    await db(server).query(
      `INSERT INTO memberships (forum_id, user_id, kind)
       SELECT f.id, $1, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id
        WHERE a.slug IN ($2, $3)`,
      [member.userId, FORUM, OTHER_FORUM],
    );
    const proposal = async (slug: string) =>
      (
        await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
          token: member.token,
          body: { title: 'Ny legeplads' },
        })
      ).body;
    const here = await proposal(FORUM);
    const there = await proposal(OTHER_FORUM);

    const linked = await startDebate(member.token, { proposalId: here.id });
    expect(linked.proposalId).toBe(here.id);
    await startDebate(member.token);
    const foreign = await api.post<ApiError>(`/api/forums/${FORUM}/debates`, {
      token: member.token,
      body: { title: 't', body: 'b', proposalId: there.id },
    });
    expect(foreign.status).toBe(400);
    const unknown = await api.post<ApiError>(`/api/forums/${FORUM}/debates`, {
      token: member.token,
      body: { title: 't', body: 'b', proposalId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.status).toBe(404);

    const about = await api.get<DebatePage>(`/api/forums/${FORUM}/debates?proposalId=${here.id}`);
    expect(about.body.items.map((d) => d.id)).toEqual([linked.id]);
  });
});

describe('the forum’s debate list', () => {
  it('pages through every thread, newest activity first, with the seq to join from', async () => {
    const person = await signedInPerson(server);
    const first = await startDebate(person.token, { title: 'A' });
    const second = await startDebate(person.token, { title: 'B' });
    const third = await startDebate(person.token, { title: 'C' });
    await addComment(person.token, first.id);

    const seen: Debate[] = [];
    let cursor: string | null = null;
    let seq = -1;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await api.get<DebatePage>(`/api/forums/${FORUM}/debates?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      if (seq === -1) seq = page.body.seq;
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen.slice(0, 3).map((d) => d.id)).toEqual([first.id, third.id, second.id]);
    expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
    const times = seen.map((d) => d.lastActivityAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(seen.find((d) => d.id === first.id)?.commentCount).toBe(1);
    const [head] = await db(server).query<[{ seq: number }]>(
      `SELECT h.last_seq::int AS seq FROM forum_event_heads h
         JOIN forums f ON f.id = h.forum_id JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [FORUM],
    );
    expect(seq).toBe(head.seq);

    const badCursor = await api.get<ApiError>(`/api/forums/${FORUM}/debates?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
    const badLimit = await api.get<ApiError>(`/api/forums/${FORUM}/debates?limit=1000`);
    expect(badLimit.status).toBe(400);
    expect((await api.get('/api/forums/nowhere/debates')).status).toBe(404);
  });

  it('answers 404 for unknown debates and comments', async () => {
    const person = await signedInPerson(server);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await api.get(`/api/debates/${missing}`)).status).toBe(404);
    expect(
      (
        await api.post(`/api/debates/${missing}/comments`, {
          token: person.token,
          body: { body: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.patch(`/api/comments/${missing}`, { token: person.token, body: { body: 'x' } }))
        .status,
    ).toBe(404);
    expect((await api.get('/api/debates/not-a-uuid')).status).toBe(400);
  });
});
