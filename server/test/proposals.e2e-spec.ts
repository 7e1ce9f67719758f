import {
  type ProposalDetail,
  type ProposalListItem,
  type ProposalVersion,
  type ProposalVersionSummary,
  proposalDocName,
} from '@lokalforum/protocol';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { addParagraph, eventually, openEditor, personWithToken } from './support/collab';
import { db } from './support/factories';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('starting a proposal', () => {
  it('lets a member start one, with the title in its document', async () => {
    const member = await personWithToken(sql, 'kundby', 'Karen Kundby');
    const res = await api.post<ProposalDetail>('/api/forums/kundby/proposals', {
      token: member.token,
      body: { title: '  Ny sti til stationen ', summary: 'Sikker skolevej' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      forumSlug: 'kundby',
      title: 'Ny sti til stationen',
      summary: 'Sikker skolevej',
      status: 'draft',
      text: 'Ny sti til stationen\n\nSikker skolevej',
      body: { type: 'doc', content: [] },
      docName: proposalDocName(res.body.id),
      authors: [{ userId: member.userId, name: 'Karen Kundby' }],
      permissions: { edit: true, freeze: true },
    });

    const list = await api.get<ProposalListItem[]>('/api/forums/kundby/proposals');
    expect(list.status).toBe(200);
    expect(list.body.map((p) => p.id)).toContain(res.body.id);
    const guest = await api.get<ProposalDetail>(`/api/proposals/${res.body.id}`);
    expect(guest.status).toBe(200);
    expect(guest.body.permissions).toEqual({ edit: false, freeze: false });
  });

  it('is for members of that forum only, with valid input', async () => {
    const member = await personWithToken(sql, 'kundby');
    const outsider = await personWithToken(sql, 'tuse');
    const post = (token: string | undefined, body: unknown, slug = 'kundby') =>
      api.post<{ error: { code: string } }>(`/api/forums/${slug}/proposals`, { token, body });
    expect((await post(undefined, { title: 'x' })).status).toBe(401);
    expect((await post(outsider.token, { title: 'x' })).status).toBe(403);
    expect((await post(member.token, { title: 'x' }, 'atlantis')).status).toBe(404);
    for (const body of [
      {},
      { title: '   ' },
      { title: 'x'.repeat(201) },
      { title: 'x', votes: 1 },
    ]) {
      const res = await post(member.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await api.get('/api/proposals/not-a-uuid')).status).toBe(400);
    expect((await api.get('/api/proposals/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/api/forums/atlantis/proposals')).status).toBe(404);
  });
});

describe('versions', () => {
  async function draftWithText() {
    const member = await personWithToken(sql, 'oroe', 'Ole Orø');
    const started = await api.post<ProposalDetail>('/api/forums/oroe/proposals', {
      token: member.token,
      body: { title: 'Færgen om aftenen' },
    });
    const id = started.body.id;
    const editor = openEditor(server.url, proposalDocName(id), member.token);
    await editor.synced();
    addParagraph(editor.doc, 'En afgang kl. 22.');
    await eventually(async () => {
      const detail = await api.get<ProposalDetail>(`/api/proposals/${id}`);
      expect(detail.body.text).toContain('kl. 22');
    });
    return { member, id, editor };
  }

  it('freezes the current text as numbered versions with its SHA-256', async () => {
    const { member, id, editor } = await draftWithText();
    try {
      const first = await api.post<ProposalVersion>(`/api/proposals/${id}/versions`, {
        token: member.token,
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        proposalId: id,
        number: 1,
        title: 'Færgen om aftenen',
        text: 'Færgen om aftenen\n\nEn afgang kl. 22.',
        frozenBy: { userId: member.userId, name: 'Ole Orø' },
        body: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'En afgang kl. 22.' }] }],
        },
      });
      expect(first.body.textSha256).toBe(sha256(first.body.text));
      expect(Buffer.from(first.body.snapshot, 'base64').length).toBeGreaterThan(10);

      // The text moves on; version 1 stays as it was.
      addParagraph(editor.doc, 'Også i weekenden.');
      await eventually(async () => {
        const detail = await api.get<ProposalDetail>(`/api/proposals/${id}`);
        expect(detail.body.text).toContain('weekenden');
      });
      // Three freezes at once take turns: one new version, and the same text is no new one.
      const freezes = await Promise.all(
        [1, 2, 3].map(() =>
          api.post<ProposalVersion>(`/api/proposals/${id}/versions`, { token: member.token }),
        ),
      );
      expect(freezes.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const second = freezes.find((r) => r.status === 201)!;
      expect(second.body.number).toBe(2);
      expect(second.body.text).toContain('weekenden');

      const list = await api.get<ProposalVersionSummary[]>(`/api/proposals/${id}/versions`);
      expect(list.body.map((v) => v.number)).toEqual([1, 2]);
      const again = await api.get<ProposalVersion>(`/api/proposals/${id}/versions/1`);
      expect(again.body).toEqual(first.body);
      expect((await api.get(`/api/proposals/${id}/versions/9`)).status).toBe(404);
      expect((await api.get(`/api/proposals/${id}/versions/zero`)).status).toBe(400);
    } finally {
      editor.destroy();
    }
  });

  it('is for members only, and the database keeps versions frozen and honest', async () => {
    const { id, editor } = await draftWithText();
    editor.destroy();
    const outsider = await personWithToken(sql, 'tuse');
    expect((await api.post(`/api/proposals/${id}/versions`)).status).toBe(401);
    expect(
      (await api.post(`/api/proposals/${id}/versions`, { token: outsider.token })).status,
    ).toBe(403);
    expect(
      (
        await api.post('/api/proposals/00000000-0000-4000-8000-000000000000/versions', {
          token: outsider.token,
        })
      ).status,
    ).toBe(404);

    const member = await personWithToken(sql, 'oroe');
    await api.post(`/api/proposals/${id}/versions`, { token: member.token });
    await expect(
      sql(`UPDATE proposal_versions SET text = 'changed' WHERE proposal_id = $1`, [id]),
    ).rejects.toThrow(/frozen/);
    const insert = (number: number, text: string, hash: string) =>
      sql(
        `INSERT INTO proposal_versions (proposal_id, number, title, text, text_sha256, body_json, snapshot)
         VALUES ($1, $2, 't', $3, $4, '{}', '\\x00')`,
        [id, number, text, hash],
      );
    await expect(insert(1, 'dup', sha256('dup'))).rejects.toThrow(
      /proposal_versions_number_unique/,
    );
    await expect(insert(7, 'text', sha256('other'))).rejects.toThrow(
      /proposal_versions_text_sha256/,
    );
    await expect(sql(`UPDATE proposals SET status = 'weird' WHERE id = $1`, [id])).rejects.toThrow(
      /proposals_status/,
    );
  });
});
