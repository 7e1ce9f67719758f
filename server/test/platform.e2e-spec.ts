import type { Health } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

describe('health', () => {
  it('reports the database up and Redis disabled when not configured', async () => {
    const res = await api.get<Health>('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'disabled' });
  });

  it('reports Redis when REDIS_URL is set', async () => {
    const redisUrl = inject('redisUrl');
    expect(redisUrl, 'scripts/test.mjs provides the local Redis').toBeTruthy();
    const withRedis = await startTestServer({ redisUrl });
    try {
      const res = await apiClient(withRedis.url).get<Health>('/health');
      expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
    } finally {
      await withRedis.close();
    }
  });

  it('answers 503 when Redis does not answer', async () => {
    const broken = await startTestServer({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const res = await apiClient(broken.url).get<Health>('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'error', database: 'up', redis: 'down' });
    } finally {
      await broken.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents every REST endpoint', async () => {
    const res = await api.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
    expect(res.status).toBe(200);
    const operations = Object.entries(res.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health',
        'GET /api/forums',
        'GET /api/forums/{slug}',
        'POST /api/forums/{slug}/members',
        'DELETE /api/forums/{slug}/members',
        'GET /api/me',
        'PATCH /api/me',
        'POST /api/auth/magic-link',
        'POST /api/auth/magic-link/verify',
        'POST /api/auth/demo-login',
        'GET /api/auth/demo-users',
        'GET /api/auth/outbox',
        'POST /api/auth/sign-out',
        'GET /api/forums/{slug}/proposals',
        'POST /api/forums/{slug}/proposals',
        'GET /api/proposals/{id}',
        'GET /api/proposals/{id}/versions',
        'POST /api/proposals/{id}/versions',
        'GET /api/proposals/{id}/versions/{number}',
        'GET /api/forums/{slug}/debates',
        'POST /api/forums/{slug}/debates',
        'GET /api/debates/{id}',
        'PATCH /api/debates/{id}',
        'DELETE /api/debates/{id}',
        'GET /api/debates/{id}/revisions',
        'GET /api/proposals/{id}/debates',
        'POST /api/debates/{id}/comments',
        'PATCH /api/comments/{id}',
        'DELETE /api/comments/{id}',
        'GET /api/comments/{id}/revisions',
        'POST /api/reports',
        'GET /api/forums/{slug}/reports',
        'POST /api/reports/{id}/dismiss',
        'POST /api/debates/{id}/hide',
        'POST /api/comments/{id}/hide',
        'POST /api/debates/{id}/lock',
        'POST /api/debates/{id}/unlock',
        'GET /api/forums/{slug}/moderation-log',
        // Escalations, the staff workspace and decisions (issue 9).
        'POST /api/proposals/{id}/escalation',
        'GET /api/proposals/{id}/escalation',
        'GET /api/escalations/{id}',
        'POST /api/escalations/{id}/answers',
        'POST /api/escalations/{id}/handover',
        'GET /api/staff',
        'PUT /api/staff/me',
        'GET /api/staff/inbox',
        'GET /api/staff/workspace',
        'POST /api/staff/forums/{slug}/seen',
        'PUT /api/staff/follows/{slug}',
        'DELETE /api/staff/follows/{slug}',
        'GET /api/forums/{slug}/decisions',
        'GET /api/forums/{slug}/decisions.json',
        'GET /api/forums/{slug}/decisions.csv',
        'GET /api/notifications',
        'POST /api/notifications/read',
        'GET /api/notifications/preferences',
        'PUT /api/notifications/preferences',
        'GET /api/notifications/unsubscribe',
        'GET /api/places',
        'POST /api/notifications/unsubscribe',
        // Decisions: forum rules, votes, ballots, the lifecycle and the timeline.
        'GET /api/forums/{slug}/rules',
        'PUT /api/forums/{slug}/rules',
        'POST /api/proposals/{id}/vote',
        'POST /api/proposals/{id}/vote/close',
        'GET /api/proposals/{id}/votes',
        'GET /api/search',
        'POST /api/requests',
        'GET /api/requests',
        'GET /api/requests/{id}',
        'POST /api/requests/{id}/messages',
        'POST /api/requests/{id}/status',
        'POST /api/requests/{id}/handover',
        'POST /api/requests/{id}/participants',
        'GET /api/partners',
        'PUT /api/forums/{slug}/partner',
        'DELETE /api/forums/{slug}/partner',
        'GET /api/proposals/{id}/tally',
        'PUT /api/proposals/{id}/ballot',
        'GET /api/proposals/{id}/ballot',
        'GET /api/proposals/{id}/lifecycle',
        'POST /api/proposals/{id}/withdraw',
        'POST /api/proposals/{id}/redraft',
        'GET /api/proposals/{id}/timeline',
        // Municipal pools and applications to them.
        'GET /api/pools',
        'POST /api/pools',
        'GET /api/pools/{slug}',
        'PATCH /api/pools/{slug}',
        'POST /api/pools/{slug}/close',
        'POST /api/pools/{slug}/applications',
        'GET /api/proposals/{id}/applications',
        'GET /api/applications/{id}',
        'POST /api/applications/{id}/review',
        'POST /api/applications/{id}/grant',
        'POST /api/applications/{id}/decline',
        'POST /api/applications/{id}/pay',
        'POST /api/applications/{id}/report',
        // The area grant (issue 3).
        'GET /api/forums/{slug}/budget',
        'PUT /api/proposals/{id}/amount',
        'POST /api/proposals/{id}/grant-commitment',
        'POST /api/grant-commitments/{id}/payments',
        'POST /api/grant-commitments/{id}/release',
      ].sort(),
    );
    const join = res.body.paths['/api/forums/{slug}/members']!.post as {
      requestBody: { content: { 'application/json': { schema: { properties: object } } } };
    };
    expect(Object.keys(join.requestBody.content['application/json'].schema.properties)).toEqual([
      'kind',
      'represents',
    ]);
  });

  it('serves the API explorer', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });
});
