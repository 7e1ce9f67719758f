import type { ApiError, PlaceMatch, SearchResults } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { holbaekAreas } from '../src/database/seed/holbaek';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { db } from './support/factories';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

/** A word no other test file writes, so other files' proposals never count here. */
function uniqueWord(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = 'zq';
  for (let i = 0; i < 8; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

async function forumId(slug: string): Promise<string> {
  const [row] = (await sql(
    `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug],
  )) as { id: string }[];
  return row!.id;
}

async function proposal(slug: string, title: string, summary = '', text = ''): Promise<string> {
  const [row] = (await sql(
    `INSERT INTO proposals (forum_id, title, summary, text) VALUES ($1, $2, $3, $4) RETURNING id`,
    [await forumId(slug), title, summary, text],
  )) as { id: string }[];
  return row!.id;
}

async function debate(slug: string, title: string, body: string): Promise<string> {
  const [row] = (await sql(
    `INSERT INTO debates (forum_id, title, body) VALUES ($1, $2, $3) RETURNING id`,
    [await forumId(slug), title, body],
  )) as { id: string }[];
  return row!.id;
}

const search = (query: string) => api.get<SearchResults>(`/api/search?${query}`);
const group = (results: SearchResults, kind: string) => results.groups.find((g) => g.kind === kind);

describe('places', () => {
  it('resolves every place of the seeded areas to its area', async () => {
    for (const area of holbaekAreas) {
      for (const place of area.places) {
        const res = await api.get<PlaceMatch[]>(`/api/places?q=${encodeURIComponent(place)}`);
        expect(res.status).toBe(200);
        expect(res.body[0], place).toMatchObject({ place, exact: true, area: { slug: area.slug } });
        expect(res.body[0]!.forumName).toBe(area.forum);
      }
    }
  });

  it('forgives a typo, and finds nothing for a place that is not in the municipality', async () => {
    const typo = await api.get<PlaceMatch[]>('/api/places?q=Jydrup');
    expect(typo.body[0]).toMatchObject({
      place: 'Jyderup',
      exact: false,
      area: { slug: 'jyderup' },
    });
    const unknown = await api.get<PlaceMatch[]>('/api/places?q=Kalundborg');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual([]);
  });
});

describe('search', () => {
  it('finds a word in another form: "legepladser" finds "legeplads", and the other way round', async () => {
    const word = uniqueWord();
    const id = await proposal('tuse-naes', `Ny legeplads ved ${word}`);
    const debateId = await debate('tuse-naes', `Bænke ved ${word}`, 'Flere legepladser, tak.');
    const res = await search(`q=${encodeURIComponent(`legepladser ${word}`)}`);
    expect(res.status).toBe(200);
    expect(group(res.body, 'proposal')?.hits.map((h) => h.href)).toEqual([`/forslag/${id}`]);
    expect(group(res.body, 'proposal')?.hits[0]?.area).toEqual({
      slug: 'tuse-naes',
      name: holbaekAreas.find((a) => a.slug === 'tuse-naes')!.name,
    });
    const back = await search(`q=${encodeURIComponent(`legeplads ${word}`)}`);
    expect(group(back.body, 'debate')?.hits.map((h) => h.href)).toEqual([`/debatter/${debateId}`]);
    expect(group(back.body, 'debate')?.hits[0]?.excerpt).toBe('Flere legepladser, tak.');
  });

  it('forgives typos in places, forums and titles', async () => {
    const res = await search('q=Jydrup');
    expect(group(res.body, 'place')?.hits[0]).toMatchObject({
      title: 'Jyderup',
      href: '/fora/jyderup',
    });
    expect(group(res.body, 'forum')?.hits[0]).toMatchObject({ href: '/fora/jyderup' });
    const word = uniqueWord();
    const id = await proposal('hagested', `Skaterbane ${word}`);
    const typo = await search(`q=${encodeURIComponent(`Skatrbane ${word}`)}`);
    expect(group(typo.body, 'proposal')?.hits.map((h) => h.href)).toContain(`/forslag/${id}`);
  });

  it('finds partners by name (with typos) and by topic, leading to the directory', async () => {
    const byName = await search('q=Idr%C3%A6tsforning');
    expect(group(byName.body, 'partner')?.hits[0]).toMatchObject({
      title: 'Jyderup Idrætsforening (fiktiv)',
      area: { slug: 'jyderup' },
    });
    expect(group(byName.body, 'partner')?.hits[0]?.href).toMatch(
      /^\/partnere\?area=jyderup#partner-/,
    );
    const byTopic = await search('q=cykling');
    expect(group(byTopic.body, 'partner')?.hits.map((h) => h.title)).toContain(
      'Tølløse Cykler (fiktiv)',
    );
  });

  it('ranks a title above a mention in the text, and shows the summary with a hit', async () => {
    const word = uniqueWord();
    const inText = await proposal('gislinge', 'Noget andet', '', `Også ${word} nævnes her.`);
    const inTitle = await proposal('gislinge', `Fælleshus ${word}`, `Et hus for alle i ${word}.`);
    const res = await search(`q=${word}`);
    const hits = group(res.body, 'proposal')!.hits;
    expect(hits.map((h) => h.href)).toEqual([`/forslag/${inTitle}`, `/forslag/${inText}`]);
    expect(hits[0]!.excerpt).toBe(`Et hus for alle i ${word}.`);
  });

  it('pages through one kind', async () => {
    const word = uniqueWord();
    for (let i = 0; i < 12; i++) await proposal('jyderup', `Forslag ${i} om ${word}`);
    const first = await search(`q=${word}`);
    expect(group(first.body, 'proposal')).toMatchObject({ total: 12, page: 1, pageCount: 2 });
    expect(group(first.body, 'proposal')!.hits).toHaveLength(10);
    const second = await search(`q=${word}&kind=proposal&page=2`);
    expect(second.body.groups.map((g) => g.kind)).toEqual(['proposal']);
    expect(group(second.body, 'proposal')).toMatchObject({ total: 12, page: 2, pageCount: 2 });
    expect(group(second.body, 'proposal')!.hits).toHaveLength(2);
    const past = await search(`q=${word}&kind=proposal&page=3`);
    expect(group(past.body, 'proposal')).toMatchObject({ total: 12, page: 3, hits: [] });
  });

  it('never shows a hidden or deleted debate', async () => {
    const word = uniqueWord();
    const hidden = await debate('hagested', `Skjult ${word}`, 'tekst');
    const deleted = await debate('hagested', `Slettet ${word}`, 'tekst');
    await sql(`UPDATE debates SET hidden_at = now(), hidden_reason = 'Spam' WHERE id = $1`, [
      hidden,
    ]);
    await sql(`UPDATE debates SET deleted_at = now() WHERE id = $1`, [deleted]);
    const res = await search(`q=${word}`);
    expect(group(res.body, 'debate')).toBeUndefined();
  });

  it('refuses what is not a search, with a clear error', async () => {
    for (const query of [
      '',
      'q=a',
      `q=${'x'.repeat(201)}`,
      'q=leg%00plads',
      'q=%E2%80%AEplads',
      'q=plads&kind=people',
      'q=plads&page=0',
      'q=plads&page=51',
      'q=plads&page=1e1',
    ]) {
      const res = await api.get<ApiError>(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const place = await api.get<ApiError>('/api/places?q=');
    expect(place.status).toBe(400);
  });

  it('refuses a client that searches too often, with a clear error', async () => {
    const statuses: number[] = [];
    // Past the limit (120 a minute per address), from a client address no other test uses.
    for (let i = 0; i < 125; i++) {
      const res = await api.get<ApiError>('/api/search?q=plads', {
        headers: { 'x-forwarded-for': '203.0.113.77' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('rate_limited');
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});
