import { Injectable, Logger } from '@nestjs/common';
import {
  type ClientCommandName,
  type ClientCommandResults,
  clientCommandNames,
  clientCommandSchemas,
  type ForumJoined,
  type PresentPerson,
} from '@lokalforum/protocol';
import type { z } from 'zod';
import type { Principal } from '../auth/principal';
import { SessionsService } from '../auth/sessions.service';
import { forbidden, unauthenticated } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { RequestSource } from '../common/request-source';
import { CommentsService } from '../debates/comments.service';
import { DebatePolicy } from '../debates/debate.policy';
import { DebatesService } from '../debates/debates.service';
import { ForumsService } from '../forums/forums.service';
import { ModerationService } from '../moderation/moderation.service';
import { PeopleService } from '../people/people.service';
import { onCommand } from './acknowledge';
import { PresenceTracker } from './presence';
import { RealtimeHub } from './realtime-hub';
import { catchUpRoom, type ForumRef, type RealtimeSocket } from './rooms';

type Handlers = {
  [C in ClientCommandName]: (
    payload: z.output<(typeof clientCommandSchemas)[C]>,
  ) => Promise<ClientCommandResults[C]>;
};

/**
 * What a connection may ask of the server. Joining rooms is open to guests;
 * every change re-checks the session (it may have ended since the handshake)
 * and goes through the same services — and the same rules — as REST.
 */
@Injectable()
export class ForumCommands {
  private readonly logger = new Logger('ForumCommands');

  /** The last pending room change of each socket (see `inOrder`). */
  private readonly roomChanges = new WeakMap<RealtimeSocket, Promise<unknown>>();

  constructor(
    private readonly sessions: SessionsService,
    private readonly forums: ForumsService,
    private readonly people: PeopleService,
    private readonly debates: DebatesService,
    private readonly comments: CommentsService,
    private readonly moderation: ModerationService,
    private readonly policy: DebatePolicy,
    private readonly hub: RealtimeHub,
    private readonly presence: PresenceTracker,
    private readonly limiter: RateLimiter,
    private readonly source: RequestSource,
  ) {}

  register(socket: RealtimeSocket): void {
    const signedIn = () => this.principal(socket);
    const handlers: Handlers = {
      'forum.join': ({ slug, since }) => this.inOrder(socket, () => this.join(socket, slug, since)),
      'forum.leave': ({ slug }) =>
        this.inOrder(socket, async () => {
          await this.leave(socket, slug);
          return {};
        }),
      'staff.follow': ({ slugs, since }) =>
        this.inOrder(socket, () => this.follow(socket, slugs, since)),
      'debate.create': async ({ slug, ...body }) => ({
        debate: await this.debates.start(slug, await signedIn(), body),
      }),
      'debate.edit': async ({ debateId, ...body }) => ({
        debate: await this.debates.edit(debateId, await signedIn(), body),
      }),
      'debate.delete': async ({ debateId }) => ({
        debate: await this.debates.remove(debateId, await signedIn()),
      }),
      'comment.create': async ({ debateId, ...body }) => ({
        comment: await this.comments.create(debateId, await signedIn(), body),
      }),
      'comment.edit': async ({ commentId, body }) => ({
        comment: await this.comments.edit(commentId, await signedIn(), { body }),
      }),
      'comment.delete': async ({ commentId }) => ({
        comment: await this.comments.remove(commentId, await signedIn()),
      }),
      'post.report': async (body) => ({
        report: await this.moderation.report(await signedIn(), body),
      }),
      'post.hide': async ({ post, reason }) => {
        await this.moderation.hide(post, await signedIn(), reason);
        return {};
      },
      'debate.lock': async ({ debateId, reason }) => ({
        debate: await this.moderation.lock(debateId, await signedIn(), reason ?? null),
      }),
      'debate.unlock': async ({ debateId }) => ({
        debate: await this.moderation.unlock(debateId, await signedIn()),
      }),
    };
    for (const name of clientCommandNames) {
      onCommand(socket, name, clientCommandSchemas[name], handlers[name] as never);
    }
  }

  /**
   * Runs one socket's room joins and leaves in the order they were sent. Each
   * awaits the database, so a `forum.leave` followed at once by a `forum.join`
   * (moving between two pages of one forum) could otherwise finish last and
   * drop the socket from a room it still wants.
   */
  private inOrder<T>(socket: RealtimeSocket, work: () => Promise<T>): Promise<T> {
    const previous = this.roomChanges.get(socket) ?? Promise.resolve();
    const result = previous.then(work);
    this.roomChanges.set(
      socket,
      result.catch(() => undefined),
    );
    return result;
  }

  /** A connection restored by Socket.IO is back in its rooms: count it as present again. */
  recovered(socket: RealtimeSocket): void {
    for (const forum of socket.data.forums) {
      // It may have dropped in the middle of a catch-up; that catch-up is gone.
      void socket.leave(catchUpRoom(forum.id));
      this.enterPresence(socket, forum).catch((err: unknown) =>
        this.logger.warn(`Presence after recovery failed: ${String(err)}`),
      );
    }
  }

  /** Counts the connection again in each of its rooms, as who it is now (roles or session changed). */
  refreshPresence(socket: RealtimeSocket): void {
    for (const forum of socket.data.forums) {
      this.enterPresence(socket, forum).catch((err: unknown) =>
        this.logger.warn(`Presence refresh failed: ${String(err)}`),
      );
    }
  }

  disconnected(socket: RealtimeSocket): void {
    for (const forum of socket.data.forums ?? []) this.presence.leave(forum, socket.id);
  }

  private async join(socket: RealtimeSocket, slug: string, since?: number): Promise<ForumJoined> {
    const forum: ForumRef = { id: await this.forums.idOf(slug), slug };
    if (since !== undefined) await this.limiter.consume(rateRules.catchUp, this.subject(socket));
    const stream = await this.hub.join(socket, forum, since);
    if (!socket.data.forums.some((f) => f.id === forum.id)) socket.data.forums.push(forum);
    const presence = await this.enterPresence(socket, forum);
    return { forum: slug, seq: stream.seq, truncated: stream.truncated, presence };
  }

  private async leave(socket: RealtimeSocket, slug: string): Promise<void> {
    const forumId = await this.forums.idOf(slug);
    const forum = socket.data.forums.find((f) => f.id === forumId);
    this.hub.leave(socket, forumId);
    if (!forum) return;
    socket.data.forums = socket.data.forums.filter((f) => f !== forum);
    this.presence.leave(forum, socket.id);
  }

  /** Staff follow several forums at once; without a list, the areas they cover. */
  private async follow(
    socket: RealtimeSocket,
    slugs: string[] | undefined,
    since: Record<string, number> | undefined,
  ): Promise<{ forums: ForumJoined[] }> {
    const principal = await this.principal(socket);
    const staff = await this.people.staffSummary(principal.userId);
    if (!staff && !principal.isAdministrator) {
      throw forbidden('Kun kommunens medarbejdere kan følge flere områder på én gang');
    }
    const wanted = slugs ?? staff?.areas ?? (await this.forums.list()).map((f) => f.slug);
    const forums: ForumJoined[] = [];
    for (const slug of new Set(wanted)) forums.push(await this.join(socket, slug, since?.[slug]));
    return { forums };
  }

  private async enterPresence(socket: RealtimeSocket, forum: ForumRef) {
    const presence = await this.presence.enter(forum, socket.id, await this.person(socket, forum));
    // Gone while we were counting it: its disconnect handler may have run already.
    if (socket.disconnected) this.presence.leave(forum, socket.id);
    return presence;
  }

  private async person(socket: RealtimeSocket, forum: ForumRef): Promise<PresentPerson | null> {
    const principal = socket.data.principal;
    if (!principal) return null;
    const roles = await this.policy.roles(principal, forum.id);
    return { userId: principal.userId, name: principal.name, staff: roles.staff };
  }

  /** Whom a connection's rate limits count against: its person, or a guest's address. */
  private subject(socket: RealtimeSocket): string {
    const principal = socket.data.principal;
    return principal
      ? `user:${principal.userId}`
      : `address:${this.source.clientAddress(socket.request)}`;
  }

  /** The connection's person, if its session is still valid now. */
  private async principal(socket: RealtimeSocket): Promise<Principal> {
    const token = socket.data.token;
    const principal = token ? await this.sessions.resolve(token) : null;
    if (!principal) throw unauthenticated('Log ind for at skrive eller moderere');
    return principal;
  }
}
