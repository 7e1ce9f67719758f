import { Injectable } from '@nestjs/common';
import type { ForumEventName, ForumEventPayloads } from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';
import { DomainEventBus } from './domain-event-bus';
import type { ForumEventRecord, ForumRef } from './domain-events';
import { ForumEventLog } from './forum-event-log';

/**
 * How domain services announce what happened in a forum, without knowing who
 * listens. A forum event is recorded in the transaction of the change and
 * published once that transaction has committed:
 *
 *   const event = await db.transaction(async (tx) => {
 *     ...change...
 *     return this.outbox.record(tx, forum, 'comment.created', { comment, thread }, comment.id);
 *   });
 *   this.outbox.publish(event);
 *
 * A change that rolls back leaves no event; an event recorded but not
 * published (the node died in between) reaches live clients with the forum's
 * next event (nodes fill gaps from the log) and reconnecting ones by catch-up.
 */
@Injectable()
export class ForumEventOutbox {
  constructor(
    private readonly log: ForumEventLog,
    private readonly bus: DomainEventBus,
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

  /** Tells every node about recorded events. Call after the commit. */
  publish(...records: ForumEventRecord[]): void {
    for (const record of records) this.bus.publish('forumEvent.committed', record);
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
}
