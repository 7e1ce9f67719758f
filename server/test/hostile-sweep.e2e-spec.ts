import {
  type ClientCommandName,
  type Comment,
  type CreatedReport,
  type Debate,
  type ProposalDetail,
  REALTIME_MESSAGE_BURST,
  textProblem,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { signedInPerson } from './support/factories';
import { closeClients, connect, contactPerson, rawCommand } from './support/realtime';

/**
 * Every operation in the OpenAPI document, sent hostile values in every path
 * parameter, query parameter and body field, as a signed-in contact person of
 * the forum (so requests get past sign-in into the services). Whatever is
 * refused, nothing may answer 5xx, and every error has the API's shape.
 */
const FORUM = 'tolloese';

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\u200b',
  '\u001b[2J',
  '\r\n',
  '\uffff\ufeff',
  '9999-99-99',
  '9999-99-99 99:99:99',
  '-1',
  '1e309',
  '%00',
  '../../etc/passwd',
  "' OR '1'='1'; --",
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
  'x'.repeat(20_000),
  '🍎'.repeat(3_000),
];
const HOSTILE_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, true, [], {}, ['x'], { __proto__: 1 }];
const HOSTILE_SEGMENTS = [
  '%00',
  '%ED%A0%80',
  '%E0%A4%A',
  '9999-99-99',
  '0',
  '-1',
  '1e3',
  '------------------------------------',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(3_000),
  '%2e%2e',
  encodeURIComponent('\u202e'),
];
const HOSTILE_RAW_BODIES: { body: string | Buffer; type?: string; encoding?: string }[] = [
  { body: '{"a":' },
  { body: 'null' },
  { body: '"x"' },
  { body: '[]' },
  { body: '{"__proto__":{"admin":true}}' },
  { body: '['.repeat(20_000) + ']'.repeat(20_000) },
  { body: Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]) },
  { body: '{}', type: 'application/json; charset=utf-16' },
  { body: '{}', type: 'application/json; charset=latin1' },
  { body: '{}', type: 'text/plain' },
  { body: '{}', encoding: 'gzip' },
  { body: '{}', encoding: 'br' },
  { body: '{}', encoding: 'x-unknown' },
];

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; schema?: JsonSchema }[];
  requestBody?: { content: { 'application/json'?: { schema: JsonSchema } } };
}
type Paths = Record<string, Record<string, Operation>>;

let server: RunningServer;
let api: ApiClient;
let ids: { debate: string; comment: string; proposal: string; report: string };
let tokens: string[];
let next = 0;
const token = () => tokens[next++ % tokens.length]!;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  // Several people, so posting limits leave most requests to reach the services.
  tokens = [];
  for (let i = 0; i < 12; i++)
    tokens.push((await contactPerson(server, FORUM, `Sweep ${i}`)).token);
  const proposal = await api.post<ProposalDetail>(`/api/forums/${FORUM}/proposals`, {
    token: token(),
    body: { title: 'Forslag' },
  });
  const debate = await api.post<Debate>(`/api/forums/${FORUM}/debates`, {
    token: token(),
    body: { title: 'Debat', body: 'Tekst', proposalId: proposal.body.id },
  });
  const comment = await api.post<Comment>(`/api/debates/${debate.body.id}/comments`, {
    token: token(),
    body: { body: 'Kommentar' },
  });
  const report = await api.post<CreatedReport>('/api/reports', {
    token: (await signedInPerson(server)).token,
    body: { post: { kind: 'comment', id: comment.body.id }, reason: 'Grimt' },
  });
  ids = {
    proposal: proposal.body.id,
    debate: debate.body.id,
    comment: comment.body.id,
    report: report.body.id,
  };
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

/** A real value for a path parameter, so the other parts of the request are what is tested. */
function realSegment(path: string, name: string): string {
  if (name === 'slug') return FORUM;
  if (name === 'number') return '1';
  if (path.startsWith('/api/comments/')) return ids.comment;
  if (path.startsWith('/api/proposals/')) return ids.proposal;
  if (path.startsWith('/api/reports/')) return ids.report;
  return ids.debate;
}

/** A plausible value for a schema: hostile values then replace one part at a time. */
function sample(schema: JsonSchema, name: string): unknown {
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options?.[0]) return sample(options[0], name);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, s]) => [key, sample(s, key)]),
    );
  }
  if (type === 'array') return schema.items ? [sample(schema.items, name)] : [];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (schema.format === 'email') return `sweep.${Date.now()}@example.org`;
  if (schema.format === 'uuid') {
    if (name === 'proposalId') return ids.proposal;
    return name === 'parentId' ? ids.comment : ids.debate;
  }
  return name === 'kind' ? 'citizen' : 'Tekst';
}

/** Every way of putting one hostile value into `value`, one leaf at a time. */
function* variants(value: unknown): Generator<unknown> {
  for (const hostile of [...HOSTILE_STRINGS, ...HOSTILE_VALUES]) yield hostile;
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    for (const replaced of variants(child)) {
      yield Array.isArray(value)
        ? (value as unknown[]).map((v, i) => (String(i) === key ? replaced : v))
        : { ...value, [key]: replaced };
    }
  }
}

/** Whether any string in `value` breaks the text rules even where line breaks are allowed. */
function hasBrokenText(value: unknown): boolean {
  if (typeof value === 'string') return textProblem(value, 'multiline') !== null;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasBrokenText);
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? realSegment(path, name));
}

async function send(
  method: string,
  url: string,
  init: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${url}`, {
    method: method.toUpperCase(),
    headers: { authorization: `Bearer ${token()}`, ...init.headers },
    body: init.body,
  });
  return { status: res.status, text: await res.text() };
}

function expectNoServerError(what: string, res: { status: number; text: string }): void {
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400 && res.text.startsWith('{')) {
    const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  }
}

describe('hostile input to every endpoint of the OpenAPI document', () => {
  it('never answers 5xx', { timeout: 300_000 }, async () => {
    const doc = (await api.get<{ paths: Paths }>('/api/docs-json')).body;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(25);
    let requests = 0;
    for (const { path, method, op } of operations) {
      // Signing out would end the session the other requests use.
      if (path === '/api/auth/sign-out') continue;
      const params = op.parameters ?? [];
      for (const param of params) {
        const values = param.in === 'path' ? HOSTILE_SEGMENTS : HOSTILE_STRINGS;
        for (const hostile of values) {
          const url =
            param.in === 'path'
              ? fillPath(path, { [param.name]: hostile })
              : `${fillPath(path, {})}?${param.name}=${encodeURIComponent(hostile.replace(/[\ud800-\udfff]/g, '\ufffd'))}`;
          const body = op.requestBody ? JSON.stringify(sample(requestSchema(op), '')) : undefined;
          const headers = body ? { 'content-type': 'application/json' } : undefined;
          expectNoServerError(`${method} ${url}`, await send(method, url, { body, headers }));
          requests++;
        }
      }
      if (!op.requestBody) continue;
      const url = fillPath(path, {});
      for (const body of variants(sample(requestSchema(op), ''))) {
        const res = await send(method, url, {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        const what = `${method} ${url} ${JSON.stringify(body).slice(0, 200)}`;
        expectNoServerError(what, res);
        if (hasBrokenText(body)) expect(res.status, what).toBeGreaterThanOrEqual(400);
        requests++;
      }
      for (const raw of HOSTILE_RAW_BODIES) {
        const headers: Record<string, string> = { 'content-type': raw.type ?? 'application/json' };
        if (raw.encoding) headers['content-encoding'] = raw.encoding;
        const res = await send(method, url, { body: raw.body, headers });
        expectNoServerError(`${method} ${url} raw ${String(raw.body).slice(0, 40)}`, res);
        requests++;
      }
    }
    expect(requests).toBeGreaterThan(1000);
    // And the server still serves.
    expect((await api.get('/health')).status).toBe(200);
  });
});

/** A valid payload of every command; typed so that a new command needs one here. */
function commandSamples(): Record<ClientCommandName, object> {
  const post = { kind: 'comment', id: ids.comment };
  return {
    'forum.join': { slug: FORUM, since: 0 },
    'forum.leave': { slug: FORUM },
    'staff.follow': { slugs: [FORUM], since: { [FORUM]: 0 } },
    'debate.create': { slug: FORUM, title: 'Tekst', body: 'Tekst', proposalId: ids.proposal },
    'debate.edit': { debateId: ids.debate, title: 'Tekst', body: 'Tekst' },
    'debate.delete': { debateId: ids.debate },
    'comment.create': { debateId: ids.debate, body: 'Tekst', parentId: ids.comment },
    'comment.edit': { commentId: ids.comment, body: 'Tekst' },
    'comment.delete': { commentId: ids.comment },
    'post.report': { post, reason: 'Tekst' },
    'post.hide': { post, reason: 'Tekst' },
    'debate.lock': { debateId: ids.debate, reason: 'Tekst' },
    'debate.unlock': { debateId: ids.debate },
  };
}

describe('hostile payloads to every Socket.IO command', () => {
  it(
    'are refused or served, never answered with an internal error',
    { timeout: 300_000 },
    async () => {
      let sent = 0;
      let client = await connect(server.url, { token: token() });
      for (const [name, sample] of Object.entries(commandSamples())) {
        for (const payload of variants(sample)) {
          // A fresh connection before the message rate would close this one.
          if (++sent % (REALTIME_MESSAGE_BURST - 5) === 0) {
            client.close();
            client = await connect(server.url, { token: token() });
          }
          const ack = await rawCommand(client, name, payload);
          const what = `${name} ${JSON.stringify(payload).slice(0, 200)}`;
          expect(typeof ack.ok, what).toBe('boolean');
          if (!ack.ok) expect(ack.error.code, `${what}: ${ack.error.message}`).not.toBe('internal');
          if (hasBrokenText(payload)) expect(ack.ok, what).toBe(false);
        }
      }
      expect(sent).toBeGreaterThan(1000);
    },
  );
});

function requestSchema(op: Operation): JsonSchema {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error('an operation with a body that is not JSON');
  return schema;
}
