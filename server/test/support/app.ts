import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createServer, type RunningServer } from '../../src/app';
import { type AppConfig, loadConfig } from '../../src/config/config';

/** The whole server on port 0 against this run's database. */
export async function startTestServer(overrides: Partial<AppConfig> = {}): Promise<RunningServer> {
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test' }),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: inject('databaseUrl'),
    logLevel: 'error',
    demo: true,
    // The demo's decided proposals would change what other test files see in Jyderup.
    demoDecisions: false,
    // On the run's shared database each server has its own job queue: another test file's
    // server must not take its jobs (a mail job sent through that server's SMTP, say). A
    // server on a database of its own keeps the default, so a restart finds its jobs.
    jobsSchema: overrides.databaseUrl ? 'pgboss' : `pgboss_${randomBytes(4).toString('hex')}`,
    ...overrides,
  };
  return createServer(config);
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client for tests: JSON in, JSON out, optional bearer token. */
export function apiClient(baseUrl: string) {
  async function call<T = unknown>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      token?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: res.headers,
    };
  }
  return {
    get: <T = unknown>(path: string, o?: Parameters<typeof call>[2]) => call<T>('GET', path, o),
    post: <T = unknown>(path: string, o?: Parameters<typeof call>[2]) => call<T>('POST', path, o),
    patch: <T = unknown>(path: string, o?: Parameters<typeof call>[2]) => call<T>('PATCH', path, o),
    put: <T = unknown>(path: string, o?: Parameters<typeof call>[2]) => call<T>('PUT', path, o),
    delete: <T = unknown>(path: string, o?: Parameters<typeof call>[2]) =>
      call<T>('DELETE', path, o),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
