import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Presence, PresentPerson } from '@lokalforum/protocol';
import { randomUUID } from 'node:crypto';
import { RealtimeRedis } from './realtime-redis';
import { type ForumRef, forumRoom, type RealtimeServer } from './rooms';

/** One node's part of a room's presence, as stored in Redis. */
interface NodePresence {
  people: PresentPerson[];
  guests: number;
}

const NODE_TTL_MS = 30_000;
const HEARTBEAT_MS = 10_000;
/** At most one presence broadcast per forum in this time, however many come and go. */
const BROADCAST_PERIOD_MS = 50;
/** How long other nodes' parts, as last read, answer a join. */
const OTHERS_FRESH_MS = 1_000;

/**
 * Who is in each forum room. Each node counts its own connections; with Redis,
 * each node writes its part to a hash per forum, and a part whose node stopped
 * renewing its heartbeat key is ignored (a crashed node's people leave within
 * NODE_TTL_MS). Changes are broadcast at most every BROADCAST_PERIOD_MS per
 * forum, so a crowd joining at once costs a few broadcasts, not one per person.
 */
@Injectable()
export class PresenceTracker implements OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private readonly nodeId = randomUUID();
  private io: RealtimeServer | null = null;
  /** forum id → socket id → person (null: a guest). */
  private readonly local = new Map<string, Map<string, PresentPerson | null>>();
  /** forum id → the other nodes' parts as last read from Redis. */
  private readonly others = new Map<string, { readAt: number; parts: NodePresence[] }>();
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly redis: RealtimeRedis) {}

  attach(io: RealtimeServer): void {
    this.io = io;
    if (!this.redis.pub) return;
    const beat = () => {
      this.redis.pub
        ?.set(this.redis.key('node', this.nodeId), '1', 'PX', NODE_TTL_MS)
        .catch((err: Error) => this.logger.warn(`Heartbeat failed: ${err.message}`));
    };
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Adds a connection to a room; resolves with the room's presence including it. */
  enter(forum: ForumRef, socketId: string, person: PresentPerson | null): Promise<Presence> {
    let sockets = this.local.get(forum.id);
    if (!sockets) this.local.set(forum.id, (sockets = new Map<string, PresentPerson | null>()));
    sockets.set(socketId, person);
    this.changed(forum);
    return this.current(forum);
  }

  leave(forum: ForumRef, socketId: string): void {
    const sockets = this.local.get(forum.id);
    if (!sockets?.delete(socketId)) return;
    if (sockets.size === 0) this.local.delete(forum.id);
    this.changed(forum);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    const pub = this.redis.pub;
    if (!pub) return;
    const forums = [...this.local.keys()];
    await Promise.all([
      pub.del(this.redis.key('node', this.nodeId)),
      ...forums.map((id) => pub.hdel(this.presenceKey(id), this.nodeId)),
    ]).catch(() => undefined);
  }

  /** The room's presence now: this node's part exactly, the others' as recently read. */
  private async current(forum: ForumRef): Promise<Presence> {
    const mine = this.nodePresence(forum.id);
    let others = this.others.get(forum.id);
    if (this.redis.pub && (!others || Date.now() - others.readAt > OTHERS_FRESH_MS)) {
      others = await this.readOthers(forum.id).catch((err: Error) => {
        this.logger.warn(`Shared presence unavailable: ${err.message}`);
        return undefined;
      });
    }
    return merge(forum.slug, [mine, ...(others?.parts ?? [])]);
  }

  private changed(forum: ForumRef): void {
    if (this.stopping || this.scheduled.has(forum.id)) return;
    const timer = setTimeout(() => {
      this.scheduled.delete(forum.id);
      this.broadcast(forum).catch((err: Error) =>
        this.logger.warn(`Presence update failed: ${err.message}`),
      );
    }, BROADCAST_PERIOD_MS);
    timer.unref();
    this.scheduled.set(forum.id, timer);
  }

  /** Stores this node's part (one connection, so writes land in order) and tells the room. */
  private async broadcast(forum: ForumRef): Promise<void> {
    const pub = this.redis.pub;
    if (pub) {
      const mine = this.nodePresence(forum.id);
      const key = this.presenceKey(forum.id);
      const write =
        mine.people.length === 0 && mine.guests === 0
          ? pub.hdel(key, this.nodeId)
          : pub.hset(key, this.nodeId, JSON.stringify(mine));
      await write.catch((err: Error) => this.logger.warn(`Presence not shared: ${err.message}`));
      this.others.delete(forum.id);
    }
    const presence = await this.current(forum);
    if (!this.stopping) this.io?.to(forumRoom(forum.id)).emit('presence.changed', presence);
  }

  /** The parts of every other live node. */
  private async readOthers(forumId: string): Promise<{ readAt: number; parts: NodePresence[] }> {
    const pub = this.redis.pub!;
    const key = this.presenceKey(forumId);
    const stored = await pub.hgetall(key);
    const nodes = Object.keys(stored).filter((node) => node !== this.nodeId);
    const alive =
      nodes.length === 0 ? [] : await pub.mget(nodes.map((node) => this.redis.key('node', node)));
    const parts: NodePresence[] = [];
    nodes.forEach((node, i) => {
      if (alive[i] === null) {
        pub.hdel(key, node).catch(() => undefined);
        return;
      }
      parts.push(JSON.parse(stored[node]!) as NodePresence);
    });
    const others = { readAt: Date.now(), parts };
    this.others.set(forumId, others);
    return others;
  }

  private nodePresence(forumId: string): NodePresence {
    const people: PresentPerson[] = [];
    let guests = 0;
    for (const person of this.local.get(forumId)?.values() ?? []) {
      if (person) people.push(person);
      else guests += 1;
    }
    return { people, guests };
  }

  private presenceKey(forumId: string): string {
    return this.redis.key('presence', forumId);
  }
}

/** One entry per person however many tabs and nodes they are connected through. */
export function merge(slug: string, parts: NodePresence[]): Presence {
  const people = new Map<string, PresentPerson>();
  let guests = 0;
  for (const part of parts) {
    guests += part.guests;
    for (const person of part.people) {
      const known = people.get(person.userId);
      people.set(person.userId, known?.staff ? known : person);
    }
  }
  return {
    forum: slug,
    people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'da')),
    guests,
  };
}
