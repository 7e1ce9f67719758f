import type { ApiError, SearchResults, StaffDirectoryEntry } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { apiClient, type ApiClient, startTestServer } from './support/app';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const staff = async (query = '') => {
  const res = await api.get<StaffDirectoryEntry[]>(`/api/staff${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('the staff directory', () => {
  it('narrows to an area, or to the area of a place spelled wrong', async () => {
    const everyone = await staff();
    const jyderup = await staff('?area=jyderup');
    expect(jyderup.length).toBeGreaterThan(0);
    expect(jyderup.length).toBeLessThan(everyone.length);
    expect(jyderup.every((s) => s.areas.includes('jyderup'))).toBe(true);
    expect(jyderup.map((s) => s.kind)).toContain('coCreator');
    expect(jyderup.map((s) => s.kind)).toContain('processConsultant');
    expect(await staff('?place=Jydrup')).toEqual(jyderup);
    expect(await staff('?place=jyderup')).toEqual(jyderup);
  });

  it('narrows to a field by part of its name', async () => {
    const everyone = await staff();
    const field = everyone.find((s) => s.kind === 'coCreator')!.field;
    const part = field.slice(0, Math.max(4, Math.ceil(field.length / 2)));
    const found = await staff(`?field=${encodeURIComponent(part)}`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((s) => s.field.toLowerCase().includes(part.toLowerCase()))).toBe(true);
  });

  it('says so when a place is not in the municipality, and refuses malformed filters', async () => {
    const unknown = await api.get<ApiError>('/api/staff?place=Kalundborg');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([
      { path: 'place', message: 'Vi kender ikke stedet »Kalundborg« i Holbæk Kommune' },
    ]);
    for (const query of [
      '?area=Not%20a%20slug',
      '?field=x',
      '?place=%00',
      `?field=${'x'.repeat(201)}`,
    ]) {
      const res = await api.get<ApiError>(`/api/staff${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('is searchable by name and by field', async () => {
    const person = (await staff()).find((s) => s.kind === 'coCreator')!;
    const byName = await api.get<SearchResults>(`/api/search?q=${encodeURIComponent(person.name)}`);
    const hits = byName.body.groups.find((g) => g.kind === 'staff')!.hits;
    expect(hits[0]).toMatchObject({
      title: person.name,
      excerpt: person.field,
      href: `/medarbejdere#staff-${person.userId}`,
    });
    const byField = await api.get<SearchResults>(
      `/api/search?q=${encodeURIComponent(person.field)}`,
    );
    expect(byField.body.groups.find((g) => g.kind === 'staff')!.hits.map((h) => h.title)).toContain(
      person.name,
    );
  });
});
