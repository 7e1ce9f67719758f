import type { ApiError, OutboxMail } from '@lokalforum/protocol';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { eventually, RefusedUpgrade, rawSocket } from './support/collab';
import { db, signedInPerson } from './support/factories';
import { startServerProcess } from './support/process';
import { closeClients, connect } from './support/realtime';
import { startSmtpSink } from './support/smtp-sink';

let server: RunningServer;
let api: ApiClient;
/** `http://127.0.0.1:<port>`: the test server's own origin. */
let origin: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  origin = new URL(server.url).origin;
});
afterAll(() => server?.close());

/** A request with headers fetch would not send as given (Host), answered as text. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: unknown }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((done, fail) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'POST',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

async function mailsTo(target: RunningServer, email: string): Promise<string[]> {
  const rows: { body: string }[] = await db(target).query(
    `SELECT body FROM mail_outbox WHERE recipient = $1`,
    [email],
  );
  return rows.map((r) => r.body);
}

describe('the outbox', () => {
  it('lists mail that went to the log, never mail sent over SMTP', async () => {
    const sink = await startSmtpSink();
    const withSmtp = await startTestServer({ smtpUrl: sink.url, demo: true });
    try {
      const email = `smtp.${Date.now()}@example.org`;
      const res = await apiClient(withSmtp.url).post<{ outbox: string | null }>(
        '/api/auth/magic-link',
        { body: { email } },
      );
      expect(res.status).toBe(202);
      expect(res.body.outbox).toBeNull();
      await eventually(() => expect(sink.messages.join('\n')).toContain(email));
      const outbox = await apiClient(withSmtp.url).get<OutboxMail[]>('/api/auth/outbox');
      expect(outbox.status).toBe(200);
      expect(outbox.body.map((m) => m.to)).not.toContain(email);
      // It is still kept for audit.
      expect(await mailsTo(withSmtp, email)).toHaveLength(1);
    } finally {
      await withSmtp.close();
      await sink.close();
    }
  });

  it('does not exist outside demo mode', async () => {
    const production = await startTestServer({ demo: false });
    try {
      const res = await apiClient(production.url).get<ApiError>('/api/auth/outbox');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    } finally {
      await production.close();
    }
  });
});

describe('links in sign-in mails', () => {
  const ask = (url: string, email: string, headers: Record<string, string>) =>
    send(`${url}/api/auth/magic-link`, { headers, body: { email } });

  it('never point at a host the request made up', async () => {
    const email = `evil.${Date.now()}@example.org`;
    const port = new URL(server.url).port;
    const hostile: Record<string, string>[] = [
      { host: 'evil.example' },
      { host: `evil.example:${port}` },
      // The test client is on loopback, which TRUST_PROXY trusts by default.
      { 'x-forwarded-host': 'evil.example' },
    ];
    for (const headers of hostile) {
      const res = await ask(server.url, email, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((res.body as ApiError).error.message).toMatch(/PUBLIC_URL/);
    }
    expect(await mailsTo(server, email)).toEqual([]);
  });

  it('use the loopback host the request came to, or one in ALLOWED_ORIGINS', async () => {
    const port = new URL(server.url).port;
    const local = `local.${Date.now()}@example.org`;
    expect((await ask(server.url, local, { host: `localhost:${port}` })).status).toBe(202);
    expect((await mailsTo(server, local))[0]).toContain(
      `http://localhost:${port}/log-ind/bekraeft?token=`,
    );

    const allowed = await startTestServer({ allowedOrigins: ['https://forum.lan.example'] });
    try {
      const email = `allowed.${Date.now()}@example.org`;
      const res = await ask(allowed.url, email, {
        host: 'forum.lan.example',
        'x-forwarded-proto': 'https',
      });
      expect(res.status).toBe(202);
      expect((await mailsTo(allowed, email))[0]).toContain('https://forum.lan.example/log-ind/');
      // The same host over http is another origin.
      expect((await ask(allowed.url, email, { host: 'forum.lan.example' })).status).toBe(403);
    } finally {
      await allowed.close();
    }
  });

  it('always use PUBLIC_URL when it is set', async () => {
    const pub = await startTestServer({ publicUrl: 'https://forum.example.org' });
    try {
      const email = `public.${Date.now()}@example.org`;
      expect((await ask(pub.url, email, { host: 'evil.example' })).status).toBe(202);
      const [mail] = await mailsTo(pub, email);
      expect(mail).toContain('https://forum.example.org/log-ind/bekraeft?token=');
      expect(mail).not.toContain('evil');
    } finally {
      await pub.close();
    }
  });
});

describe('cookie-authenticated writes', () => {
  async function joinWithCookie(headers: Record<string, string>, target = server) {
    const person = await signedInPerson(target);
    const res = await send(`${target.url}/api/forums/tolloese/members`, {
      headers: { cookie: `lf_session=${person.token}`, ...headers },
      body: { kind: 'citizen' },
    });
    const rows: unknown[] = await db(target).query(`SELECT 1 FROM memberships WHERE user_id = $1`, [
      person.userId,
    ]);
    return { status: res.status, joined: rows.length === 1 };
  }

  it('are accepted from the site’s own origin: scheme, host and port', async () => {
    expect(await joinWithCookie({ origin })).toEqual({ status: 201, joined: true });
    for (const other of [
      origin.replace('http:', 'https:'),
      `http://127.0.0.1:${Number(new URL(origin).port) + 1}`,
      'http://evil.example',
      'null',
    ]) {
      expect(await joinWithCookie({ origin: other }), other).toEqual({
        status: 403,
        joined: false,
      });
    }
  });

  it('need an Origin, or Sec-Fetch-Site: same-origin from a browser that sends none', async () => {
    expect(await joinWithCookie({})).toEqual({ status: 403, joined: false });
    expect(await joinWithCookie({ 'sec-fetch-site': 'cross-site' })).toEqual({
      status: 403,
      joined: false,
    });
    expect(await joinWithCookie({ 'sec-fetch-site': 'same-site' })).toEqual({
      status: 403,
      joined: false,
    });
    expect(await joinWithCookie({ 'sec-fetch-site': 'same-origin' })).toEqual({
      status: 201,
      joined: true,
    });
  });

  it('take the scheme from a trusted proxy’s X-Forwarded-Proto only', async () => {
    const https = origin.replace('http:', 'https:');
    expect(await joinWithCookie({ origin: https, 'x-forwarded-proto': 'https' })).toEqual({
      status: 201,
      joined: true,
    });
    const noProxy = await startTestServer({ trustProxy: false });
    try {
      const own = new URL(noProxy.url).origin.replace('http:', 'https:');
      expect(await joinWithCookie({ origin: own, 'x-forwarded-proto': 'https' }, noProxy)).toEqual({
        status: 403,
        joined: false,
      });
    } finally {
      await noProxy.close();
    }
  });

  it('are not what bearer tokens need: browsers never send those on their own', async () => {
    const person = await signedInPerson(server);
    const res = await api.post('/api/forums/tolloese/members', {
      token: person.token,
      body: { kind: 'citizen' },
    });
    expect(res.status).toBe(201);
  });
});

describe('WebSocket upgrades', () => {
  const collab = () =>
    `${server.url.replace(/^http/, 'ws')}/collab/proposal:00000000-0000-4000-8000-000000000000`;
  const upgrade = (headers: Record<string, string>) =>
    rawSocket(collab(), { headers }).then(
      (ws) => {
        ws.close();
        return 101;
      },
      (err: unknown) => (err instanceof RefusedUpgrade ? err.status : -1),
    );

  it('on /collab check the whole Origin, and a cookie without one needs Sec-Fetch-Site', async () => {
    const person = await signedInPerson(server);
    const cookie = `lf_session=${person.token}`;
    // 404: past the Origin and session checks, to the (unknown) document.
    expect(await upgrade({ cookie, origin })).toBe(404);
    expect(await upgrade({ cookie, origin: origin.replace('http:', 'https:') })).toBe(403);
    expect(await upgrade({ cookie })).toBe(403);
    expect(await upgrade({ cookie, 'sec-fetch-site': 'same-origin' })).toBe(404);
    expect(await upgrade({ authorization: `Bearer ${person.token}` })).toBe(404);
  });

  it('on Socket.IO check the whole Origin, and a cookie without one needs Sec-Fetch-Site', async () => {
    const person = await signedInPerson(server);
    const cookie = `lf_session=${person.token}`;
    const refused = (headers: Record<string, string>, token?: string) =>
      connect(server.url, { headers, token, reconnection: false }).then(
        () => false,
        () => true,
      );
    try {
      expect(await refused({ origin: origin.replace('http:', 'https:') })).toBe(true);
      expect(await refused({ cookie })).toBe(true);
      expect(await refused({ cookie, origin })).toBe(false);
      expect(await refused({ cookie, 'sec-fetch-site': 'same-origin' })).toBe(false);
      expect(await refused({}, person.token)).toBe(false);
      expect(await refused({})).toBe(false);
    } finally {
      closeClients();
    }
  });
});

describe('demo mode', () => {
  it('refuses to start with SMTP_URL set unless DEMO=true is given, and says why', async () => {
    const main = resolve(__dirname, '../dist/main.js');
    const env = { SMTP_URL: 'smtp://127.0.0.1:1', PORT: '0', DATABASE_URL: inject('databaseUrl') };
    const outcome = await startServerProcess(env, main).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (err: unknown) => String(err),
    );
    expect(outcome).toMatch(/exited with 1[\s\S]*DEMO=false[\s\S]*DEMO=true/);
  });
});
