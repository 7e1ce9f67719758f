import type {
  Comment,
  Debate,
  MailLanguage,
  NotificationPage,
  NotificationPreferences,
} from '@lokalforum/protocol';
import { expect } from 'vitest';
import type { RunningServer } from '../../src/app';
import { DomainEventBus } from '../../src/events/domain-event-bus';
import type { DomainEventName, DomainEvents } from '../../src/events/domain-events';
import { apiClient } from './app';
import { eventually } from './collab';
import { db, signedInPerson } from './factories';

export interface Person {
  userId: string;
  email: string;
  token: string;
  name: string;
}

/** A signed-in member of `slug`, reading in `language`. */
export async function member(
  server: RunningServer,
  slug: string,
  name: string,
  language: MailLanguage = 'da',
): Promise<Person> {
  const person = await signedInPerson(server, name);
  await db(server).query(
    `INSERT INTO memberships (forum_id, user_id, kind)
     SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug, person.userId],
  );
  await db(server).query(`UPDATE users SET language = $2 WHERE id = $1`, [person.userId, language]);
  return { ...person, name };
}

/** Makes `person` a contact person of `slug` (they are a member already). */
export async function makeContactPerson(server: RunningServer, slug: string, person: Person) {
  await db(server).query(
    `INSERT INTO contact_persons (forum_id, user_id)
     SELECT f.id, $2 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug, person.userId],
  );
}

export interface ProposalRows {
  proposalId: string;
  forumId: string;
}

/** A proposal in `slug` by `authorIds` with one frozen version, made in SQL. */
export async function proposalWithVersion(
  server: RunningServer,
  slug: string,
  title: string,
  authorIds: string[],
): Promise<ProposalRows> {
  const [row] = await db(server).query<[{ id: string; forum_id: string }]>(
    `INSERT INTO proposals (forum_id, title, text, created_by)
     SELECT f.id, $2, 'Teksten', $3 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1
     RETURNING id, forum_id`,
    [slug, title, authorIds[0]],
  );
  await db(server).query(
    `INSERT INTO proposal_authors (proposal_id, user_id) SELECT $1, unnest($2::uuid[])`,
    [row.id, authorIds],
  );
  await db(server).query(
    `INSERT INTO proposal_versions (proposal_id, number, title, text, text_sha256, body_json, snapshot)
     VALUES ($1, 1, $2, 'Teksten', encode(sha256(convert_to('Teksten', 'UTF8')), 'hex'), '{}', '\\x00')`,
    [row.id, title],
  );
  return { proposalId: row.id, forumId: row.forum_id };
}

/** An open vote on version 1, opened by `openedBy`. */
export async function openVote(server: RunningServer, p: ProposalRows, openedBy: string | null) {
  const [vote] = await db(server).query<[{ id: string; closes_at: Date }]>(
    `INSERT INTO votes (proposal_id, forum_id, version_number, opened_by, closes_at, majority,
                        tally_visibility, members_before_vote_only)
     VALUES ($1, $2, 1, $3, now() + interval '7 days', 'moreYesThanNo', 'live', true)
     RETURNING id, closes_at`,
    [p.proposalId, p.forumId, openedBy],
  );
  return { voteId: vote.id, closesAt: vote.closes_at.toISOString() };
}

export async function castBallots(
  server: RunningServer,
  voteId: string,
  ballots: [userId: string, choice: 'yes' | 'no' | 'abstain'][],
) {
  for (const [userId, choice] of ballots) {
    await db(server).query(`INSERT INTO ballots (vote_id, user_id, choice) VALUES ($1, $2, $3)`, [
      voteId,
      userId,
      choice,
    ]);
  }
}

/** An escalation of `p` (its vote `voteId`) to `recipientId`, due in `dueInHours`. */
export async function escalate(
  server: RunningServer,
  p: ProposalRows,
  voteId: string,
  recipientId: string,
  escalatedBy: string,
  dueInHours = 14 * 24,
) {
  const [row] = await db(server).query<[{ id: string; answer_due_at: Date }]>(
    `INSERT INTO escalations (proposal_id, vote_id, forum_id, recipient_id, recipient_kind,
                              escalated_by, answer_due_at, package, package_sha256, assignee_id)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, 'coCreator', $5::uuid,
            now() + make_interval(hours => $6), pkg,
            encode(sha256(convert_to(pkg::text, 'UTF8')), 'hex'), $4::uuid
       FROM (SELECT jsonb_build_object('proposalId', $1::text) AS pkg) x
     RETURNING id, answer_due_at`,
    [p.proposalId, voteId, p.forumId, recipientId, escalatedBy, dueInHours],
  );
  return { escalationId: row.id, answerDueAt: row.answer_due_at.toISOString() };
}

/** Announces a domain event as the services that own it do after their commit. */
export function publish<E extends DomainEventName>(
  server: RunningServer,
  name: E,
  payload: DomainEvents[E],
): void {
  server.app.get(DomainEventBus).publish(name, payload);
}

/** A debate by `author` in `slug`, over REST. */
export async function debateBy(server: RunningServer, slug: string, author: Person, title: string) {
  const res = await apiClient(server.url).post<Debate>(`/api/forums/${slug}/debates`, {
    token: author.token,
    body: { title, body: 'Hvad mener I?' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function commentBy(
  server: RunningServer,
  debateId: string,
  author: Person,
  body: string,
  parentId?: string,
) {
  const res = await apiClient(server.url).post<Comment>(`/api/debates/${debateId}/comments`, {
    token: author.token,
    body: { body, ...(parentId ? { parentId } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function notificationsOf(server: RunningServer, person: Person) {
  const res = await apiClient(server.url).get<NotificationPage>('/api/notifications', {
    token: person.token,
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until `person` has `count` notifications and answers the page. */
export function eventuallyNotified(server: RunningServer, person: Person, count = 1) {
  return eventually(async () => {
    const page = await notificationsOf(server, person);
    expect(page.items).toHaveLength(count);
    return page;
  });
}

/** PUT with a JSON body (the shared test client has no PUT). */
export async function put<T>(server: RunningServer, path: string, token: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function setPreferences(
  server: RunningServer,
  person: Person,
  change: Partial<NotificationPreferences['kinds']>,
  language?: MailLanguage,
) {
  const api = apiClient(server.url);
  const current = await api.get<NotificationPreferences>('/api/notifications/preferences', {
    token: person.token,
  });
  const res = await put<NotificationPreferences>(
    server,
    '/api/notifications/preferences',
    person.token,
    {
      language: language ?? current.body.language,
      kinds: { ...current.body.kinds, ...change },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
