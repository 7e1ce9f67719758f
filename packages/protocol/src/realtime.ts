import { z } from 'zod';
import { type ErrorCode, Slug, Uuid } from './common.js';
import {
  type Comment,
  CreateCommentBody,
  CreateDebateBody,
  type Debate,
  DebateTitle,
  PostBody,
  type ThreadActivity,
} from './debates.js';
import type { forumEventNames } from './event-names.js';
import {
  CreateReportBody,
  type CreatedReport,
  HidePostBody,
  LockDebateBody,
  PostRef,
} from './moderation.js';
import type { EscalationBrief } from './escalations.js';
import type { NotificationCreatedEvent, NotificationsReadEvent } from './notifications.js';
import type { StaffKind } from './people.js';
import type { ProposalListItem, ProposalVersionSummary } from './proposals.js';
import type { Tally } from './votes.js';

/**
 * The realtime connection: Socket.IO on the API's own origin and port.
 *
 *   io(origin, { path: REALTIME_PATH, auth: { token } })   // token optional
 *
 * Browsers are authenticated by the session cookie; other clients pass their
 * bearer token as `auth.token` (or an `Authorization: Bearer` header). An
 * invalid token is refused with `connect_error` (`data.code: 'invalid_token'`);
 * without any token the connection is a guest's: it may join forum rooms and
 * read, but every command that changes something is refused. When the session
 * ends later (signed out, revoked, expired) the connection goes on as a
 * guest's, within a second and on every server node: no more
 * `notification.created`, and presence counts it as a guest.
 *
 * Every client command takes one payload object and an acknowledgement
 * callback, and is answered `{ ok: true, ... }` or `{ ok: false, error }`; a
 * command without a callback is ignored. A refused command changes nothing.
 *
 * Forum rooms: after `forum.join` the client gets the room's presence and its
 * events. Every event that changes forum content (`ForumEventName`) carries
 * the forum's `seq`, a gapless number counting up per forum. The server sends
 * a room's events to a connection in `seq` order without duplicates. After a
 * disconnect, a client that comes back as `socket.recovered` (Socket.IO
 * connection state recovery, on a single node) has already been sent what it
 * missed; any other client re-joins with `{ slug, since: lastSeq }` and gets
 * the missed events (before the acknowledgement) from the database. REST reads
 * return the `seq` they reflect, so a page loaded by HTTP joins from there.
 *
 * Limits: REALTIME_MAX_MESSAGE_BYTES per message; REALTIME_MESSAGE_BURST and
 * REALTIME_MESSAGES_PER_SECOND per connection (faster is disconnected); guests
 * may hold a few dozen connections per address (`connect_error` with
 * `data.code: 'rate_limited'` beyond); catch-ups (`since`) and other costly
 * commands are rate-limited per person or, for guests, per address, and
 * answered `{ ok: false, error: { code: 'rate_limited' } }` past the limit.
 */
export {
  REALTIME_MAX_MESSAGE_BYTES,
  REALTIME_MESSAGE_BURST,
  REALTIME_MESSAGES_PER_SECOND,
  REALTIME_PATH,
  REALTIME_REPLAY_LIMIT,
} from './limits.js';

const Seq = z.number().int().nonnegative();

/** The runtime schema of every client command's payload. */
export const clientCommandSchemas = {
  /** Join a forum's room; with `since`, first receive the events after that `seq`. */
  'forum.join': z.strictObject({ slug: Slug, since: Seq.optional() }),
  'forum.leave': z.strictObject({ slug: Slug }),
  /** Staff: join several forums at once; without `slugs`, the areas they cover. */
  'staff.follow': z.strictObject({
    slugs: z.array(Slug).min(1).max(50).optional(),
    since: z.record(Slug, Seq).optional().describe('Last seen seq per forum'),
  }),
  'debate.create': z.strictObject({ slug: Slug, ...CreateDebateBody.shape }),
  'debate.edit': z
    .strictObject({ debateId: Uuid, title: DebateTitle.optional(), body: PostBody.optional() })
    .refine((b) => b.title !== undefined || b.body !== undefined, 'Skriv en ny titel eller tekst'),
  'debate.delete': z.strictObject({ debateId: Uuid }),
  'comment.create': z.strictObject({ debateId: Uuid, ...CreateCommentBody.shape }),
  'comment.edit': z.strictObject({ commentId: Uuid, body: PostBody }),
  'comment.delete': z.strictObject({ commentId: Uuid }),
  'post.report': CreateReportBody,
  /** Contact persons and staff of the post's forum. */
  'post.hide': z.strictObject({ post: PostRef, ...HidePostBody.shape }),
  'debate.lock': z.strictObject({ debateId: Uuid, ...LockDebateBody.shape }),
  'debate.unlock': z.strictObject({ debateId: Uuid }),
};
export type ClientCommandName = keyof typeof clientCommandSchemas;
export const clientCommandNames = Object.keys(clientCommandSchemas) as ClientCommandName[];
export type ClientCommandPayload<C extends ClientCommandName> = z.input<
  (typeof clientCommandSchemas)[C]
>;

/** Someone in a forum room. Signed-in people are listed once however many tabs they have open. */
export interface PresentPerson {
  userId: string;
  name: string;
  staff: StaffKind | null;
}

export interface Presence {
  forum: string;
  people: PresentPerson[];
  /** Connections without sign-in. */
  guests: number;
}

export interface ForumJoined {
  forum: string;
  /** The last event of this forum the connection has been sent. */
  seq: number;
  /** More than REALTIME_REPLAY_LIMIT events were missed: none were replayed; reload by REST. */
  truncated: boolean;
  presence: Presence;
}

/** What each command answers on success (besides `ok: true`). */
export interface ClientCommandResults {
  'forum.join': ForumJoined;
  'forum.leave': Record<never, never>;
  'staff.follow': { forums: ForumJoined[] };
  'debate.create': { debate: Debate };
  'debate.edit': { debate: Debate };
  'debate.delete': { debate: Debate };
  'comment.create': { comment: Comment };
  'comment.edit': { comment: Comment };
  'comment.delete': { comment: Comment };
  'post.report': { report: CreatedReport };
  'post.hide': Record<never, never>;
  'debate.lock': { debate: Debate };
  'debate.unlock': { debate: Debate };
}

export interface AckError {
  ok: false;
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
}
export type Ack<T extends object> = ({ ok: true } & T) | AckError;

export type ClientToServerEvents = {
  [C in ClientCommandName]: (
    payload: ClientCommandPayload<C>,
    ack: (result: Ack<ClientCommandResults[C]>) => void,
  ) => void;
};

/** The forum-room events that change content; each is stored and numbered (`seq`). */
export interface ForumEventPayloads {
  'debate.created': { debate: Debate };
  'debate.edited': { debate: Debate };
  'debate.deleted': { debate: Debate };
  'debate.hidden': { debate: Debate };
  'debate.locked': { debate: Debate };
  'debate.unlocked': { debate: Debate };
  'comment.created': { comment: Comment; thread: ThreadActivity };
  'comment.edited': { comment: Comment };
  'comment.deleted': { comment: Comment };
  'comment.hidden': { comment: Comment };
  /** A proposal of the forum was started or changed (published by the proposal domain). */
  'proposal.changed': { proposal: ProposalListItem };
  /** An adopted proposal was escalated (its package sealed; the text itself is on the version page). */
  'proposal.escalated': { escalation: EscalationBrief };
  /** A staff member answered an escalation publicly; `escalation` is as it is after the answer. */
  'escalation.answered': { escalation: EscalationBrief; answerId: string };
  /** An escalation was handed to a colleague (`escalation.assignee` is who has it now). */
  'escalation.handedOver': { escalation: EscalationBrief };
  /** A version of a proposal of the forum was frozen (its number, SHA-256, who and when). */
  'proposal.versionFrozen': { version: ProposalVersionSummary };
  /** A vote opened on a proposal of the forum (the proposal's own `proposal.changed` comes too). */
  'vote.opened': { tally: Tally };
  /** A vote closed with its outcome and final counts. */
  'vote.closed': { tally: Tally };
}
export type ForumEventName = keyof ForumEventPayloads;
/** Holds the zod-free list (`event-names.ts`) equal to the payload map. */
const eventNamesMatch: [ForumEventName, (typeof forumEventNames)[number]] extends [
  (typeof forumEventNames)[number],
  ForumEventName,
]
  ? true
  : never = true;
void eventNamesMatch;

/** A numbered forum event as sent: its name, its forum, its `seq` and its data. */
export type ForumEvent<E extends ForumEventName = ForumEventName> = {
  [N in E]: { type: N; forum: string; seq: number; at: string } & ForumEventPayloads[N];
}[E];

export type ServerToClientEvents = {
  [E in ForumEventName]: (event: ForumEvent<E>) => void;
} & {
  /** Who is in a forum room now (not numbered: the latest one wins). */
  'presence.changed': (presence: Presence) => void;
  /**
   * A running vote's tally moved (not numbered: the latest one wins; at most
   * one per vote every TALLY_COALESCE_MS). Counts are null while hidden.
   */
  'tally.changed': (event: { forum: string; tally: Tally }) => void;
  /** To the person's own room only. */
  'notification.created': (event: NotificationCreatedEvent) => void;
  /** To the person's own room: some were marked read (in another tab, say); the new count. */
  'notifications.read': (event: NotificationsReadEvent) => void;
};
