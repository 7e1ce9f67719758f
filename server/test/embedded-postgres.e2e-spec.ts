import type { Health, SessionResponse } from '@lokalforum/protocol';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './support/app';
import { type ServerProcess, startServerProcess } from './support/process';

/** `npm start` with no DATABASE_URL: a real PostgreSQL from npm, in DATA_DIR. */
describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  let dataDir: string;
  let server: ServerProcess | null = null;
  const env = () => ({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'log' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lokalforum-embedded-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, serves, stops cleanly and keeps every change across restarts', async () => {
    server = await startServerProcess(env());
    let api = apiClient(server.url);
    expect((await api.get<Health>('/health')).body).toEqual({
      status: 'ok',
      database: 'up',
      redis: 'disabled',
    });
    const forums = await api.get<unknown[]>('/api/forums');
    expect(forums.body).toHaveLength(18);
    const login = await api.post<SessionResponse>('/api/auth/demo-login', {
      body: { email: 'frederik.borger@example.org' },
    });
    expect(
      (
        await api.post('/api/forums/oroe/members', {
          token: login.body.token,
          body: { kind: 'citizen' },
        })
      ).status,
    ).toBe(201);
    // A demo person who leaves a forum stays out of it after a restart (the seed runs once).
    const anne = await api.post<SessionResponse>('/api/auth/demo-login', {
      body: { email: 'anne.borger@example.org' },
    });
    expect(
      (await api.delete('/api/forums/knabstrup/members', { token: anne.body.token })).status,
    ).toBe(204);

    expect(await server.stop('SIGTERM'), server.output()).toBe(0);
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    expect(existsSync(pidFile), 'PostgreSQL stopped with the server').toBe(false);

    server = await startServerProcess(env());
    api = apiClient(server.url);
    const me = await api.get<{ memberships: { forumSlug: string }[] }>('/api/me', {
      token: login.body.token,
    });
    expect(me.status).toBe(200);
    expect(me.body.memberships.map((m) => m.forumSlug)).toEqual(['oroe']);
    const anneMe = await api.get<{ memberships: { forumSlug: string }[] }>('/api/me', {
      token: anne.body.token,
    });
    expect(anneMe.body.memberships.map((m) => m.forumSlug)).toEqual(['jyderup']);
    expect(await api.get<unknown[]>('/api/forums').then((r) => r.body)).toHaveLength(18);

    // Killed without a chance to clean up: the next start takes over the orphaned PostgreSQL.
    await server.stop('SIGKILL');
    expect(await readFile(pidFile, 'utf8')).toBeTruthy();
    server = await startServerProcess(env());
    api = apiClient(server.url);
    expect((await api.get<Health>('/health')).status).toBe(200);
    expect((await api.get('/api/me', { token: login.body.token })).status).toBe(200);
    expect(await server.stop('SIGTERM'), server.output()).toBe(0);
    server = null;
  });
});
