import type { ApiError, Debate, DebatePage, Me, ProposalDetail } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { personWithToken } from './support/collab';
import { db, signedInPerson } from './support/factories';
import { closeClients, command, connect } from './support/realtime';

/** This file's forum (other files use others). */
const FORUM = 'st-merloese';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => closeClients());
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

/** What breaks storage or shows one name as another. */
const BROKEN = {
  nul: 'Anne\u0000Borgersen',
  loneHigh: 'Anne \ud800',
  loneLow: '\udc00Anne',
  escape: 'Anne \u001b[31mBorgersen',
  c1: 'Anne\u0085Borgersen',
  bidiOverride: 'Anne \u202enesregroB',
  bidiIsolate: 'Anne \u2067Borgersen\u2069',
};

function expectValidation(res: { status: number; body: unknown }, field: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  const { error } = res.body as ApiError;
  expect(error.code).toBe('validation_failed');
  expect(error.issues?.map((i) => i.path)).toContain(field);
}

describe('text fields refuse control characters, bidi controls and lone surrogates', () => {
  it('in a person’s name, changing nothing', async () => {
    const person = await signedInPerson(server, 'Oprindeligt Navn');
    for (const [what, name] of Object.entries({ ...BROKEN, invisible: 'Anne\u200bBorgersen' })) {
      const res = await api.patch('/api/me', { token: person.token, body: { name } });
      expect(res.status, what).toBe(400);
      expectValidation(res, 'name');
    }
    const me = await api.get<Me>('/api/me', { token: person.token });
    expect(me.body.name).toBe('Oprindeligt Navn');
  });

  it('in the name given when asking for a sign-in link', async () => {
    for (const name of Object.values(BROKEN)) {
      const res = await api.post('/api/auth/magic-link', {
        body: { email: `hostile.${Date.now()}@example.org`, name },
      });
      expectValidation(res, 'name');
    }
  });

  it('in whom a member represents', async () => {
    const person = await signedInPerson(server);
    for (const represents of [...Object.values(BROKEN), 'Tuse\u00adBoldklub']) {
      const res = await api.post(`/api/forums/${FORUM}/members`, {
        token: person.token,
        body: { kind: 'association', represents },
      });
      expectValidation(res, 'represents');
    }
    const rows = (await sql(`SELECT 1 FROM memberships WHERE user_id = $1`, [
      person.userId,
    ])) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('in a proposal’s title and summary', async () => {
    const member = await personWithToken(sql, FORUM);
    for (const value of Object.values(BROKEN)) {
      const title = await api.post(`/api/forums/${FORUM}/proposals`, {
        token: member.token,
        body: { title: value },
      });
      expectValidation(title, 'title');
      const summary = await api.post(`/api/forums/${FORUM}/proposals`, {
        token: member.token,
        body: { title: 'Ny bænk', summary: value },
      });
      expectValidation(summary, 'summary');
    }
    // A title is one line; a summary may have several.
    expectValidation(
      await api.post(`/api/forums/${FORUM}/proposals`, {
        token: member.token,
        body: { title: 'To\nlinjer' },
      }),
      'title',
    );
    const multiline = await api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
      token: member.token,
      body: { title: 'Ny bænk', summary: 'Første linje\r\nanden linje' },
    });
    expect(multiline.status).toBe(201);
  });

  it('in debates, comments and reasons, over REST and Socket.IO alike', async () => {
    const person = await signedInPerson(server, 'Debattør');
    for (const value of Object.values(BROKEN)) {
      const res = await api.post(`/api/forums/${FORUM}/debates`, {
        token: person.token,
        body: { title: value, body: 'Tekst' },
      });
      expectValidation(res, 'title');
    }
    const debate = await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
      token: person.token,
      body: { title: 'Bænke', body: 'Hvor?' },
    });
    expect(debate.status).toBe(201);
    expectValidation(
      await api.post(`/api/debates/${debate.body.id}/comments`, {
        token: person.token,
        body: { body: BROKEN.bidiOverride },
      }),
      'body',
    );
    expectValidation(
      await api.post('/api/reports', {
        token: person.token,
        body: { post: { kind: 'debate', id: debate.body.id }, reason: BROKEN.loneHigh },
      }),
      'reason',
    );

    const client = await connect(server.url, { token: person.token });
    const ack = await command(client, 'debate.create', {
      slug: FORUM,
      title: BROKEN.bidiIsolate,
      body: 'Tekst',
    });
    expect(ack.ok).toBe(false);
    if (!ack.ok) {
      expect(ack.error.code).toBe('validation_failed');
      expect(ack.error.issues?.map((i) => i.path)).toContain('title');
    }
  });

  it('in a return path (stored with the sign-in link)', async () => {
    const res = await api.post('/api/auth/magic-link', {
      body: { email: `return.${Date.now()}@example.org`, returnTo: '/fora/\u0000' },
    });
    expectValidation(res, 'returnTo');
  });
});

describe('cursors and ids', () => {
  const cursorOf = (raw: string) => Buffer.from(raw).toString('base64url');

  it('refuses a page cursor that parses but names no real position', async () => {
    const id = '0b5c3c8e-6f1e-4d8a-9a57-2f5d1c0e9b11';
    for (const raw of [
      `9999-99-99 99:99:99|${id}`,
      `2025-02-30 10:00:00|${id}`,
      `2025-01-01 24:00:00|${id}`,
      `0000-01-01 10:00:00|${id}`,
      `2025-01-01 10:00:00|------------------------------------`,
      `2025-01-01 10:00:00|zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz`,
    ]) {
      const res = await api.get(`/api/forums/${FORUM}/debates?cursor=${cursorOf(raw)}`);
      expect(res.status, raw).toBe(400);
      expectValidation(res, 'cursor');
    }
  });

  it('still pages with the cursors it hands out', async () => {
    const person = await signedInPerson(server);
    for (const title of ['En', 'To', 'Tre']) {
      await api.post(`/api/forums/${FORUM}/debates`, {
        token: person.token,
        body: { title, body: 'Tekst' },
      });
    }
    const first = await api.get<DebatePage>(`/api/forums/${FORUM}/debates?limit=2`);
    expect(first.body.nextCursor).not.toBeNull();
    const next = await api.get<DebatePage>(
      `/api/forums/${FORUM}/debates?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.items.length).toBeGreaterThan(0);
    expect(next.body.items.map((d) => d.id)).not.toContain(first.body.items[0]!.id);
  });

  it('takes numbers in paths and queries as plain decimal digits only', async () => {
    const member = await personWithToken(sql, FORUM);
    const proposal = await api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
      token: member.token,
      body: { title: 'Tal' },
    });
    for (const number of ['1e0', '0x1', ' 1', '1.0', '-1', '0']) {
      const res = await api.get(
        `/api/proposals/${proposal.body.id}/versions/${encodeURIComponent(number)}`,
      );
      expect(res.status, number).toBe(400);
    }
    for (const limit of ['1e1', '0x10', '2.5', '']) {
      const res = await api.get(`/api/forums/${FORUM}/debates?limit=${limit}`);
      expect(res.status, limit).toBe(400);
    }
  });
});
