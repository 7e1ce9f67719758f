import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type ForumEvent, REALTIME_REPLAY_LIMIT } from '@lokalforum/protocol';
import { conflict } from '../common/domain-error';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumEventLog } from '../events/forum-event-log';
import { ForumEventSequencer } from './forum-event-sequencer';
import {
  catchUpRoom,
  type ForumEventRecord,
  type ForumRef,
  forumRoom,
  type RealtimeServer,
  type RealtimeSocket,
  userRoom,
} from './rooms';

/** A connection being sent what it missed in one forum; live events are collected meanwhile. */
interface CatchUp {
  socket: RealtimeSocket;
  forumId: string;
  pending: ForumEventRecord[];
}

export interface JoinedStream {
  /** The last seq sent to the socket. */
  seq: number;
  truncated: boolean;
}

type EmitForumEvent = (name: ForumEvent['type'], event: ForumEvent) => boolean;

/**
 * This node's end of the realtime rooms: hears forum events and notifications
 * (from every node, through the domain event bus), puts forum events in order,
 * and sends them to the sockets here. Joining with `since` replays missed events from
 * PostgreSQL and hands over to live delivery without loss or duplicates.
 */
@Injectable()
export class RealtimeHub implements OnApplicationBootstrap {
  private readonly logger = new Logger('RealtimeHub');
  private io: RealtimeServer | null = null;
  private readonly sequencer: ForumEventSequencer<ForumEventRecord>;
  private readonly catchingUp = new Map<string, Set<CatchUp>>();

  constructor(
    private readonly log: ForumEventLog,
    bus: DomainEventBus,
  ) {
    this.sequencer = new ForumEventSequencer<ForumEventRecord>(
      { range: (forumId, after, upto) => this.log.range(forumId, after, upto) },
      (record) => this.deliver(record),
      (err) => this.logger.error('Forum event delivery failed', err),
    );
    bus.on('forumEvent.committed', (record) => {
      if (isRecord(record)) this.sequencer.receive(record);
    });
    // Every node hears it and sends it to the room's connections it holds (the latest one wins).
    bus.on('tally.changed', ({ forum, tally }) => {
      this.io?.local.to(forumRoom(forum.id)).emit('tally.changed', { forum: forum.slug, tally });
    });
    // Every node hears it: each sends it to the person's connections it holds.
    bus.on('notification.created', ({ userId, notification, unreadCount }) => {
      this.io?.local
        .to(userRoom(userId))
        .emit('notification.created', { notification, unreadCount });
    });
    bus.on('notifications.read', ({ userId, unreadCount }) => {
      this.io?.local.to(userRoom(userId)).emit('notifications.read', { unreadCount });
    });
  }

  attach(io: RealtimeServer): void {
    this.io = io;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sequencer.start(await this.log.heads());
  }

  /**
   * Puts `socket` in the forum's room. With `since`, first sends every event after
   * it, in order: live events that arrive meanwhile wait in `pending`, and the
   * socket only starts receiving live ones once this node has delivered
   * everything up to what it was sent.
   */
  async join(socket: RealtimeSocket, forum: ForumRef, since?: number): Promise<JoinedStream> {
    if (since === undefined) {
      await socket.join(forumRoom(forum.id));
      return { seq: this.sequencer.cursor(forum.id), truncated: false };
    }
    const catchUp: CatchUp = { socket, forumId: forum.id, pending: [] };
    let waiting = this.catchingUp.get(forum.id);
    if (!waiting) this.catchingUp.set(forum.id, (waiting = new Set()));
    // Two at once would let live events in while the other is still replaying.
    if ([...waiting].some((other) => other.socket === socket)) {
      throw conflict('Forummet er ved at blive hentet; vent på svaret');
    }
    waiting.add(catchUp);
    try {
      await socket.join([forumRoom(forum.id), catchUpRoom(forum.id)]);
      const { records, head } = await this.log.after(forum.id, since, REALTIME_REPLAY_LIMIT);
      // A `since` from another database (or the future) is treated as "up to now".
      let last = Math.min(since, head);
      const truncated = head - last > REALTIME_REPLAY_LIMIT;
      if (truncated) {
        last = head;
      } else {
        for (const { event } of records) {
          if (event.seq <= last) continue;
          emitTo(socket, event);
          last = event.seq;
        }
      }
      await this.sequencer.advanceTo(forum.id, last);
      // From here to leaving the catch-up room nothing awaits, so no event slips between.
      for (const { event } of catchUp.pending) {
        if (event.seq <= last) continue;
        emitTo(socket, event);
        last = event.seq;
      }
      void socket.leave(catchUpRoom(forum.id));
      return { seq: last, truncated };
    } catch (err) {
      void socket.leave(forumRoom(forum.id));
      void socket.leave(catchUpRoom(forum.id));
      throw err;
    } finally {
      waiting.delete(catchUp);
      if (waiting.size === 0) this.catchingUp.delete(forum.id);
    }
  }

  leave(socket: RealtimeSocket, forumId: string): void {
    void socket.leave(forumRoom(forumId));
    void socket.leave(catchUpRoom(forumId));
  }

  private deliver(record: ForumEventRecord): void {
    const { forumId, event } = record;
    const io = this.io;
    if (io) {
      const room = io.local.to(forumRoom(forumId)).except(catchUpRoom(forumId));
      (room.emit as unknown as EmitForumEvent).call(room, event.type, event);
    }
    for (const catchUp of this.catchingUp.get(forumId) ?? []) catchUp.pending.push(record);
  }
}

function emitTo(socket: RealtimeSocket, event: ForumEvent): void {
  (socket.emit as unknown as EmitForumEvent).call(socket, event.type, event);
}

/** Other nodes are ours, but a malformed event must not break delivery here. */
function isRecord(value: unknown): value is ForumEventRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { forumId, event } = value as Partial<ForumEventRecord>;
  return (
    typeof forumId === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    Number.isInteger(event.seq) &&
    typeof event.type === 'string'
  );
}
