import {
  type ApiError,
  type Debate,
  type DebatePage,
  type ForumEvent,
  type ProposalDetail,
  type ProposalVersion,
  proposalDocName,
} from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { addParagraph, eventually, openEditor, personWithToken } from './support/collab';
import { db, signedInPerson } from './support/factories';
import { closeClients, connect, ok, PROCESS_CONSULTANT, demoPerson } from './support/realtime';

/** This file's forum; proposals and debates are new per test, so lists are filtered by them. */
const FORUM = 'hagested';
const OTHER_FORUM = 'gislinge';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

async function startProposal(slug = FORUM) {
  const member = await personWithToken(sql, slug, 'Hanne Hagested');
  const res = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: member.token,
    body: { title: 'Lys på stien' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { member, proposal: res.body };
}

async function startDebate(token: string, body: object, slug = FORUM) {
  const res = await api.post<Debate>(`/api/forums/${slug}/debates`, {
    token,
    body: { title: 'Hvor skal lamperne stå?', body: 'Ved broen, synes jeg.', ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('a proposal’s debates', () => {
  it('lists the visible debates linked to it, newest activity first, for anyone', async () => {
    const { proposal } = await startProposal();
    const { proposal: other } = await startProposal();
    // Debates are open to everyone signed in, members or not.
    const outsider = await signedInPerson(server, 'Ulla Udefra');
    const first = await startDebate(outsider.token, { proposalId: proposal.id, title: 'Først' });
    const second = await startDebate(outsider.token, { proposalId: proposal.id, title: 'Så' });
    await startDebate(outsider.token, { proposalId: other.id, title: 'Om et andet forslag' });
    await startDebate(outsider.token, { title: 'Om ingen forslag' });

    const res = await api.get<DebatePage>(`/api/proposals/${proposal.id}/debates`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((d) => d.title)).toEqual(['Så', 'Først']);
    expect(res.body.items[0]).toMatchObject({
      id: second.id,
      proposalId: proposal.id,
      author: { userId: outsider.userId, name: 'Ulla Udefra', staff: null },
      commentCount: 0,
      state: 'visible',
    });
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.seq).toBeGreaterThan(0);

    // A comment moves its thread to the top.
    const comment = await api.post(`/api/debates/${first.id}/comments`, {
      token: outsider.token,
      body: { body: 'Og ved skolen.' },
    });
    expect(comment.status).toBe(201);
    const after = await api.get<DebatePage>(`/api/proposals/${proposal.id}/debates`);
    expect(after.body.items.map((d) => [d.title, d.commentCount])).toEqual([
      ['Først', 1],
      ['Så', 0],
    ]);

    // Pages, as the forum's list does.
    const page1 = await api.get<DebatePage>(`/api/proposals/${proposal.id}/debates?limit=1`);
    expect(page1.body.items.map((d) => d.id)).toEqual([first.id]);
    const page2 = await api.get<DebatePage>(
      `/api/proposals/${proposal.id}/debates?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((d) => d.id)).toEqual([second.id]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('leaves out hidden and deleted debates', async () => {
    const { proposal } = await startProposal();
    const author = await signedInPerson(server, 'Ane Forfatter');
    const kept = await startDebate(author.token, { proposalId: proposal.id, title: 'Bliver' });
    const hidden = await startDebate(author.token, { proposalId: proposal.id, title: 'Reklame' });
    const deleted = await startDebate(author.token, { proposalId: proposal.id, title: 'Fortrudt' });
    const consultant = await demoPerson(server, PROCESS_CONSULTANT);
    const hide = await api.post(`/api/debates/${hidden.id}/hide`, {
      token: consultant.token,
      body: { reason: 'Reklame' },
    });
    expect(hide.status).toBe(204);
    expect((await api.delete(`/api/debates/${deleted.id}`, { token: author.token })).status).toBe(
      204,
    );

    const res = await api.get<DebatePage>(`/api/proposals/${proposal.id}/debates`);
    expect(res.body.items.map((d) => d.id)).toEqual([kept.id]);
    // The forum's own list still shows the hidden one with its reason.
    const forum = await api.get<DebatePage>(
      `/api/forums/${FORUM}/debates?proposalId=${proposal.id}`,
    );
    expect(forum.body.items.map((d) => [d.id, d.state])).toEqual(
      expect.arrayContaining([[hidden.id, 'hidden']]),
    );
  });

  it('answers bad ids and queries with 400 and an unknown proposal with 404', async () => {
    const { proposal } = await startProposal();
    for (const path of [
      '/api/proposals/not-a-uuid/debates',
      '/api/proposals/123/debates',
      `/api/proposals/${proposal.id}/debates?limit=0`,
      `/api/proposals/${proposal.id}/debates?limit=abc`,
      `/api/proposals/${proposal.id}/debates?cursor=${encodeURIComponent('../x')}`,
      `/api/proposals/${proposal.id}/debates?cursor=AAAA`,
    ]) {
      const res = await api.get<ApiError>(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('validation_failed');
    }
    const missing = await api.get<ApiError>(
      '/api/proposals/00000000-0000-4000-8000-000000000000/debates',
    );
    expect(missing.status).toBe(404);
  });

  it('refuses to link a debate to a proposal of another forum', async () => {
    const { proposal } = await startProposal(OTHER_FORUM);
    const someone = await signedInPerson(server);
    const res = await api.post<ApiError>(`/api/forums/${FORUM}/debates`, {
      token: someone.token,
      body: { title: 'x', body: 'y', proposalId: proposal.id },
    });
    expect(res.status).toBe(400);
    expect((await api.get<DebatePage>(`/api/proposals/${proposal.id}/debates`)).body.items).toEqual(
      [],
    );
  });
});

describe('a frozen version, live', () => {
  it('reaches everyone in the forum room, guests too, with its number, SHA-256, who and when', async () => {
    const { member, proposal } = await startProposal();
    const editor = openEditor(server.url, proposalDocName(proposal.id), member.token);
    try {
      await editor.synced();
      addParagraph(editor.doc, 'Lamper hver 30. meter.');
      await eventually(async () => {
        const detail = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
        expect(detail.body.text).toContain('30. meter');
      });

      const guest = await connect(server.url);
      const elsewhere = await connect(server.url);
      const received: ForumEvent[] = [];
      const receivedElsewhere: unknown[] = [];
      guest.on('proposal.versionFrozen', (event) => received.push(event));
      elsewhere.on('proposal.versionFrozen', (event) => receivedElsewhere.push(event));
      const joined = await ok(guest, 'forum.join', { slug: FORUM });
      await ok(elsewhere, 'forum.join', { slug: OTHER_FORUM });

      const frozen = await api.post<ProposalVersion>(`/api/proposals/${proposal.id}/versions`, {
        token: member.token,
      });
      expect(frozen.status).toBe(201);
      await eventually(() => expect(received).toHaveLength(1));
      expect(received[0]).toEqual({
        type: 'proposal.versionFrozen',
        forum: FORUM,
        seq: expect.any(Number) as number,
        at: expect.any(String) as string,
        version: {
          proposalId: proposal.id,
          number: 1,
          textSha256: frozen.body.textSha256,
          frozenBy: { userId: member.userId, name: 'Hanne Hagested' },
          frozenAt: frozen.body.frozenAt,
          // Asks nothing of the area grant.
          amountDkk: null,
        },
      });
      expect(received[0]!.seq).toBeGreaterThan(joined.seq);

      // The same text again is refused, and nothing is announced.
      const again = await api.post<ApiError>(`/api/proposals/${proposal.id}/versions`, {
        token: member.token,
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('samme som i version 1');

      // A client that comes back later gets it from the forum's log.
      const late = await connect(server.url);
      const replayed: ForumEvent[] = [];
      late.on('proposal.versionFrozen', (event) => replayed.push(event));
      await ok(late, 'forum.join', { slug: FORUM, since: joined.seq });
      expect(replayed.map((e) => e.seq)).toEqual([received[0]!.seq]);
      expect(received).toHaveLength(1);
      expect(receivedElsewhere).toEqual([]);
    } finally {
      editor.destroy();
    }
  });

  it('is not announced when the freeze is refused', async () => {
    const { proposal } = await startProposal();
    const outsider = await personWithToken(sql, OTHER_FORUM);
    const guest = await connect(server.url);
    const received: unknown[] = [];
    guest.on('proposal.versionFrozen', (event) => received.push(event));
    const joined = await ok(guest, 'forum.join', { slug: FORUM });
    const refused = await api.post(`/api/proposals/${proposal.id}/versions`, {
      token: outsider.token,
    });
    expect(refused.status).toBe(403);
    // A later event in the same room proves the room is live; nothing came before it.
    const someone = await signedInPerson(server);
    await startDebate(someone.token, { proposalId: proposal.id });
    const late = await connect(server.url);
    const log: string[] = [];
    late.onAny((name: string) => log.push(name));
    await ok(late, 'forum.join', { slug: FORUM, since: joined.seq });
    expect(log).toContain('debate.created');
    expect(log).not.toContain('proposal.versionFrozen');
    expect(received).toEqual([]);
  });
});
