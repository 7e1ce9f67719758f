import type { ProposalDetail, Tally } from '@lokalforum/protocol';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningServer } from '../../src/app';
import { hashToken, newToken } from '../../src/auth/tokens';
import { type ApiClient, startTestServer } from './app';
import { db, signedInPerson } from './factories';
import { contactPerson } from './realtime';
import { createTestDatabase, testAdminUrl } from './test-database';

export interface Person {
  userId: string;
  token: string;
}

/**
 * A server on a database of its own: votes count every eligible member of a
 * forum, so tests that need to know them all must not share forums with
 * other test files (and a restart test must not have another file's job
 * workers close its vote while "the server is down").
 */
export async function privateServer(): Promise<{
  server: RunningServer;
  databaseUrl: string;
  drop: () => Promise<void>;
}> {
  const database = await createTestDatabase(testAdminUrl(), 'lf_votes');
  const server = await startTestServer({ databaseUrl: database.url });
  return { server, databaseUrl: database.url, drop: () => database.drop() };
}

/** Empties a forum of members (and so of contact persons), so a test knows who may vote. */
export async function emptyForum(server: RunningServer, slug: string): Promise<void> {
  await db(server).query(
    `DELETE FROM memberships WHERE forum_id = (SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1)`,
    [slug],
  );
}

/** A signed-in member of `slug`. */
export async function member(
  server: RunningServer,
  slug: string,
  name = 'Medlem',
): Promise<Person> {
  const person = await signedInPerson(server, name);
  await join(server, slug, person.userId);
  return person;
}

export async function join(server: RunningServer, slug: string, userId: string): Promise<void> {
  await db(server).query(
    `INSERT INTO memberships (forum_id, user_id, kind)
     SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug, userId],
  );
}

/** `count` members of `slug` with sessions, made in a few statements. */
export async function manyMembers(
  server: RunningServer,
  slug: string,
  count: number,
): Promise<Person[]> {
  const tag = randomBytes(4).toString('hex');
  const emails = Array.from({ length: count }, (_, i) => `voter-${tag}-${i}@example.org`);
  const users = await db(server).query<{ id: string }[]>(
    `INSERT INTO users (email, name)
     SELECT e, 'Vælger ' || n FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n)
     RETURNING id`,
    [emails],
  );
  const people = users.map((u) => ({ userId: u.id, token: newToken() }));
  await db(server).query(
    `INSERT INTO sessions (token_hash, user_id, expires_at)
     SELECT h, u, now() + interval '1 day' FROM unnest($1::bytea[], $2::uuid[]) AS t(h, u)`,
    [people.map((p) => hashToken(p.token)), people.map((p) => p.userId)],
  );
  await db(server).query(
    `INSERT INTO memberships (forum_id, user_id, kind)
     SELECT f.id, u, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id, unnest($2::uuid[]) AS u
      WHERE a.slug = $1`,
    [slug, users.map((u) => u.id)],
  );
  return people;
}

/** A draft in `slug` by a new member, and a contact person of that forum. */
export async function draftWithContact(server: RunningServer, api: ApiClient, slug: string) {
  const author = await member(server, slug, 'Forslagsstiller');
  const contact = await contactPerson(server, slug, 'Kontakt Person');
  const res = await api.post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: author.token,
    body: { title: 'Bænke langs åen', summary: 'Fem nye bænke' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { proposal: res.body, author, contact };
}

/** Opens the proposal's vote as `token`, asserting success. */
export async function openVote(
  api: ApiClient,
  proposalId: string,
  token: string,
  body?: { closesAt?: string },
): Promise<Tally> {
  const res = await api.post<Tally>(`/api/proposals/${proposalId}/vote`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
