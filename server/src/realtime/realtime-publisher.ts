import { Injectable } from '@nestjs/common';
import type {
  ForumEventName,
  ForumEventPayloads,
  ServerToClientEvents,
} from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';
import { ForumEventLog } from './forum-event-log';
import { RealtimeHub } from './realtime-hub';
import type { ForumEventRecord, ForumRef } from './rooms';

/** Events for a person's own room (not numbered, not replayed). */
export type UserEventName = 'notification.created';

/**
 * How domain services tell the rooms what happened, without knowing about
 * sockets. A forum event is recorded in the transaction of the change and
 * published once that transaction has committed:
 *
 *   const event = await db.transaction(async (tx) => {
 *     ...change...
 *     return this.realtime.record(tx, forum, 'comment.created', { comment, thread }, comment.id);
 *   });
 *   this.realtime.publish(event);
 *
 * A change that rolls back leaves no event; an event recorded but not
 * published (the node died in between) reaches live clients with the forum's
 * next event (nodes fill gaps from the log) and reconnecting ones by catch-up.
 */
@Injectable()
export class RealtimePublisher {
  constructor(
    private readonly log: ForumEventLog,
    private readonly hub: RealtimeHub,
  ) {}

  /** Appends a numbered event to the forum's log, inside `tx`. `subjectId`: the post it is about. */
  record<E extends ForumEventName>(
    tx: EntityManager,
    forum: ForumRef,
    type: E,
    data: ForumEventPayloads[E],
    subjectId: string | null = null,
  ): Promise<ForumEventRecord<E>> {
    return this.log.append(tx, forum, type, data, subjectId);
  }

  /** Sends recorded events to their rooms on every node. Call after the commit. */
  publish(...records: ForumEventRecord[]): void {
    for (const record of records) this.hub.publishForumEvent(record);
  }

  /**
   * Rewrites the stored copies of a post in earlier events (inside `tx`), so a
   * hidden or deleted post is not replayed as it was written.
   */
  redact(
    tx: EntityManager,
    subjectId: string,
    patch: { debate: object } | { comment: object },
  ): Promise<void> {
    return this.log.redact(tx, subjectId, patch);
  }

  /** The forum's last event number; read it before the data a client will join from. */
  seq(forumId: string, tx?: EntityManager): Promise<number> {
    return this.log.head(forumId, tx);
  }

  toUser<E extends UserEventName>(
    userId: string,
    name: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    this.hub.emitToUser(userId, name, ...args);
  }
}
