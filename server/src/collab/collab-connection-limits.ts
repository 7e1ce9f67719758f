import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisConnection } from '../common/redis';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** A connection's place among its person's connections; given back (once) when it closes. */
export interface ConnectionPlace {
  release(): void;
}

/** A place for one more connection, or why there is none (a Danish sentence for the close reason). */
export type Admission = { place: ConnectionPlace } | { refused: string };

/** How long a node's counts stand without its heartbeat: a crashed node's places free up after this. */
const NODE_TTL_MS = 30_000;
const HEARTBEAT_MS = 10_000;

/**
 * Takes a place atomically, on every node's count at once. KEYS[1] is the
 * person's hash (node id → JSON `{ document: connections }`, that node's
 * part), KEYS[2] this node's heartbeat key. ARGV: node id, heartbeat key
 * prefix, document, per-document limit, documents limit, this node's part
 * with the new connection, TTL (ms). A part whose node's heartbeat has expired
 * is dropped. (It reads heartbeat keys it is not handed: fine on one Redis,
 * not on a Redis Cluster.)
 */
const RESERVE = `
local node, prefix, document = ARGV[1], ARGV[2], ARGV[3]
local onDocument, seen, open = 0, {}, 0
local function count(part)
  for name, n in pairs(cjson.decode(part)) do
    if n > 0 then
      if not seen[name] then seen[name] = true; open = open + 1 end
      if name == document then onDocument = onDocument + n end
    end
  end
end
local parts = redis.call('HGETALL', KEYS[1])
for i = 1, #parts, 2 do
  if parts[i] ~= node then
    if redis.call('EXISTS', prefix .. parts[i]) == 1 then count(parts[i + 1])
    else redis.call('HDEL', KEYS[1], parts[i]) end
  end
end
count(ARGV[6])
if onDocument > tonumber(ARGV[4]) then return 'document' end
if open > tonumber(ARGV[5]) then return 'person' end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[7])
redis.call('HSET', KEYS[1], node, ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 'ok'
`;

/**
 * How many /collab connections each person has open, per document and in
 * all: at most `connectionsPerDocument` to one document and
 * `documentsPerPerson` documents at once. With Redis the limits hold across
 * nodes: each node keeps its part of a person's count in that person's hash
 * and renews a heartbeat key, so what a crashed node held is ignored once its
 * heartbeat expires, and the hash itself expires when no live node renews it.
 * If Redis fails, this node's own count decides (logged) rather than refusing
 * everyone; the next heartbeat writes this node's part again.
 */
@Injectable()
export class CollabConnectionLimits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CollabLimits');
  private readonly nodeId: string = randomUUID();
  /** person → document → connections open on this node. */
  private readonly local = new Map<string, Map<string, number>>();
  /** People whose part in Redis may be out of date because a write failed. */
  private readonly unsynced = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.redis.client) return;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const redis = this.redis.client;
    if (!redis) return;
    const pipeline = redis.pipeline().del(this.nodeKey());
    for (const userId of this.local.keys()) pipeline.hdel(this.personKey(userId), this.nodeId);
    // If this fails, the heartbeat expires and the other nodes ignore what is left.
    await pipeline.exec().catch(() => undefined);
  }

  /** A place for one more connection of `userId` to `docName`, or why not. */
  async admit(userId: string, docName: string): Promise<Admission> {
    const refused = this.problem(this.local.get(userId), docName);
    if (refused) return { refused };
    // Taken at once, so connections arriving together on this node are counted together.
    this.add(userId, docName, 1);
    const place = this.place(userId, docName);
    const redis = this.redis.client;
    if (!redis) return { place };
    try {
      const verdict = await redis.eval(
        RESERVE,
        2,
        this.personKey(userId),
        this.nodeKey(),
        this.nodeId,
        this.nodeKey(''),
        docName,
        this.config.collab.connectionsPerDocument,
        this.config.collab.documentsPerPerson,
        this.part(userId),
        NODE_TTL_MS,
      );
      if (verdict === 'ok') return { place };
      place.release();
      return { refused: verdict === 'document' ? this.perDocument() : this.perPerson() };
    } catch (err) {
      this.logger.warn(`Shared connection count unavailable: ${(err as Error).message}`);
      this.unsynced.add(userId);
      return { place };
    }
  }

  private problem(documents: Map<string, number> | undefined, docName: string): string | null {
    const onDocument = documents?.get(docName) ?? 0;
    if (onDocument >= this.config.collab.connectionsPerDocument) return this.perDocument();
    const open = (documents?.size ?? 0) + (onDocument > 0 ? 0 : 1);
    if (open > this.config.collab.documentsPerPerson) return this.perPerson();
    return null;
  }

  private perDocument(): string {
    return `Du har allerede ${this.config.collab.connectionsPerDocument} forbindelser til dette dokument åbne`;
  }

  private perPerson(): string {
    return `Du har allerede ${this.config.collab.documentsPerPerson} dokumenter åbne på én gang`;
  }

  private place(userId: string, docName: string): ConnectionPlace {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.add(userId, docName, -1);
        this.sync(userId);
      },
    };
  }

  private add(userId: string, docName: string, delta: number): void {
    let documents = this.local.get(userId);
    if (!documents) this.local.set(userId, (documents = new Map<string, number>()));
    const count = (documents.get(docName) ?? 0) + delta;
    if (count > 0) documents.set(docName, count);
    else documents.delete(docName);
    if (documents.size === 0) this.local.delete(userId);
  }

  /** This node's part of the person's count, as stored in their hash. */
  private part(userId: string): string {
    return JSON.stringify(Object.fromEntries(this.local.get(userId) ?? []));
  }

  /**
   * Writes this node's part as it is now. Writes go out on one connection in
   * order, each with the part at its time, so the last one leaves it right.
   */
  private sync(userId: string): void {
    const redis = this.redis.client;
    if (!redis || this.stopping) return;
    const key = this.personKey(userId);
    const write = this.local.has(userId)
      ? redis.multi().hset(key, this.nodeId, this.part(userId)).pexpire(key, NODE_TTL_MS).exec()
      : redis.hdel(key, this.nodeId);
    write.then(
      () => this.unsynced.delete(userId),
      (err: Error) => {
        this.unsynced.add(userId);
        this.logger.warn(`Connection count not shared: ${err.message}`);
      },
    );
  }

  private beat(): void {
    this.redis.client
      ?.set(this.nodeKey(), '1', 'PX', NODE_TTL_MS)
      .catch((err: Error) => this.logger.warn(`Heartbeat failed: ${err.message}`));
    for (const userId of new Set([...this.local.keys(), ...this.unsynced])) this.sync(userId);
  }

  private personKey(userId: string): string {
    return `${this.config.redisPrefix}:collab:connections:${userId}`;
  }

  private nodeKey(nodeId: string = this.nodeId): string {
    return `${this.config.redisPrefix}:collab:node:${nodeId}`;
  }
}
