import type { DemoUser, Me, OutboxMail, SessionResponse } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { db } from './support/factories';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const ANNE = 'anne.borger@example.org';

describe('demo sign-in', () => {
  it('signs in a demo person with a bearer token and an httpOnly SameSite=Lax cookie', async () => {
    const res = await api.post<SessionResponse>('/api/auth/demo-login', { body: { email: ANNE } });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(ANNE);
    expect(res.body.user.role).toBe('contactPerson');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lf_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await api.get<Me>('/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.memberships.map((m) => m.forumSlug)).toContain('jyderup');

    const byCookie = await api.get<Me>('/api/me', {
      headers: { cookie: `lf_session=${res.body.token}` },
    });
    expect(byCookie.body.email).toBe(ANNE);
  });

  it('lists the demo people with their roles and forums', async () => {
    const res = await api.get<DemoUser[]>('/api/auth/demo-users');
    expect(res.status).toBe(200);
    const roles = new Set(res.body.map((u) => u.role));
    expect([...roles].sort()).toEqual(
      ['administrator', 'citizen', 'coCreator', 'contactPerson', 'processConsultant'].sort(),
    );
    expect(res.body.filter((u) => u.role === 'coCreator')).toHaveLength(7);
    const covered = new Set(
      res.body.filter((u) => u.role === 'coCreator').flatMap((u) => u.forums),
    );
    expect(covered.size).toBe(18);
    expect(
      res.body.every((u) => u.email.endsWith('@example.org') && u.name.endsWith('(demo)')),
    ).toBe(true);
  });

  it('refuses unknown people, bad bodies and non-demo people', async () => {
    expect(
      (await api.post('/api/auth/demo-login', { body: { email: 'nobody@example.org' } })).status,
    ).toBe(404);
    const extra = await api.post<{ error: { code: string } }>('/api/auth/demo-login', {
      body: { email: ANNE, admin: true },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('validation_failed');
    expect((await api.post('/api/auth/demo-login', { body: { email: 42 } })).status).toBe(400);
  });

  it('is refused outside demo mode and changes nothing', async () => {
    const production = await startTestServer({ demo: false });
    try {
      const prodApi = apiClient(production.url);
      const before: unknown = await db(production).query(`SELECT count(*)::int AS n FROM sessions`);
      const res = await prodApi.post<{ error: { code: string } }>('/api/auth/demo-login', {
        body: { email: ANNE },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('demo_disabled');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await prodApi.get('/api/auth/demo-users')).status).toBe(403);
      expect((await prodApi.get('/api/auth/outbox')).status).toBe(404);
      const after: unknown = await db(production).query(`SELECT count(*)::int AS n FROM sessions`);
      expect(after).toEqual(before);
    } finally {
      await production.close();
    }
  });
});

describe('magic link', () => {
  async function requestLink(email: string, name?: string): Promise<string> {
    const res = await api.post<{ sent: boolean; outbox: string | null }>('/api/auth/magic-link', {
      body: { email, ...(name ? { name } : {}), returnTo: '/fora/orø'.replace('ø', 'oe') },
    });
    expect(res.status).toBe(202);
    expect(res.body.outbox).toMatch(/\/udbakke$/);
    const outbox = await api.get<OutboxMail[]>('/api/auth/outbox');
    const mail = outbox.body.find((m) => m.to === email.toLowerCase());
    expect(mail).toBeDefined();
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  it('signs in a new person once per link and names them', async () => {
    const email = `Ny.Borger.${Date.now()}@Example.org`;
    const token = await requestLink(email, 'Ny Borger');
    const first = await api.post<SessionResponse>('/api/auth/magic-link/verify', {
      body: { token },
    });
    expect(first.status).toBe(200);
    expect(first.body.user.email).toBe(email.toLowerCase());
    expect(first.body.user.name).toBe('Ny Borger');
    expect(first.body.user.role).toBe('citizen');
    expect(first.body.returnTo).toBe('/fora/oroe');
    expect(first.headers.get('set-cookie')).toMatch(/lf_session=/);

    const again = await api.post<{ error: { code: string } }>('/api/auth/magic-link/verify', {
      body: { token },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
  });

  it('lets only one of two simultaneous verifications through', async () => {
    const token = await requestLink(`race.${Date.now()}@example.org`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.post('/api/auth/magic-link/verify', { body: { token } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('refuses expired links', async () => {
    const email = `late.${Date.now()}@example.org`;
    const token = await requestLink(email);
    await db(server).query(
      `UPDATE magic_links SET expires_at = now() - interval '1 second' WHERE email = $1`,
      [email],
    );
    expect((await api.post('/api/auth/magic-link/verify', { body: { token } })).status).toBe(400);
  });

  it('rejects a foreign returnTo and a bad e-mail', async () => {
    for (const body of [
      { email: 'a@example.org', returnTo: 'https://evil.example.com/' },
      { email: 'a@example.org', returnTo: '//evil.example.com' },
      { email: 'not-an-email' },
      {},
    ]) {
      const res = await api.post<{ error: { issues: unknown[] } }>('/api/auth/magic-link', {
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.issues.length).toBeGreaterThan(0);
    }
  });

  it('limits how often one address can ask for a link', async () => {
    const email = `flood.${Date.now()}@example.org`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api.post('/api/auth/magic-link', { body: { email } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('sessions', () => {
  it('sign-out revokes the session', async () => {
    const { body } = await api.post<SessionResponse>('/api/auth/demo-login', {
      body: { email: ANNE },
    });
    expect((await api.post('/api/auth/sign-out', { token: body.token })).status).toBe(204);
    const me = await api.get<{ error: { code: string } }>('/api/me', { token: body.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('invalid_token');
    expect(
      (await api.get('/api/me', { headers: { cookie: `lf_session=${body.token}` } })).status,
    ).toBe(401);
  });

  it('refuses guests and made-up tokens', async () => {
    expect((await api.get('/api/me')).status).toBe(401);
    expect((await api.get('/api/me', { token: 'x'.repeat(43) })).status).toBe(401);
  });

  it('refuses cookie-authenticated writes from a foreign origin', async () => {
    const { body } = await api.post<SessionResponse>('/api/auth/demo-login', {
      body: { email: 'frederik.borger@example.org' },
    });
    const res = await api.post('/api/forums/tuse/members', {
      body: { kind: 'citizen' },
      headers: { cookie: `lf_session=${body.token}`, origin: 'https://evil.example.com' },
    });
    expect(res.status).toBe(403);
    const rows: unknown[] = await db(server).query(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
      ['frederik.borger@example.org'],
    );
    expect(rows).toHaveLength(0);
  });

  it('lets a person change their name', async () => {
    const { body } = await api.post<SessionResponse>('/api/auth/demo-login', {
      body: { email: ANNE },
    });
    const bad = await api.patch('/api/me', { token: body.token, body: { name: '   ' } });
    expect(bad.status).toBe(400);
    const ok = await api.patch<Me>('/api/me', {
      token: body.token,
      body: { name: 'Anne Borgersen (demo)' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Anne Borgersen (demo)');
  });
});
