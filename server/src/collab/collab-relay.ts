import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { randomUUID } from 'node:crypto';
import { RedisConnection } from '../common/redis';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** What nodes tell each other about one document. */
export type RelayMessage =
  /** An update a node accepted from one of its connections. */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  /** "I have this state, send me what I lack": sent on opening and after Redis reconnects. */
  | { kind: 'syncRequest'; stateVector: Uint8Array }
  /** The answer to one node's request, with the answerer's state so the asker can reciprocate. */
  | { kind: 'syncReply'; to: string; update: Uint8Array; stateVector: Uint8Array };

export interface RelayListener {
  /** `from` is the id of the node that sent it. */
  receiveRelay(message: RelayMessage, from: string): void;
  /** Messages may have been lost (Redis reconnected): exchange state again. */
  resync(): void;
}

export interface RelayChannel {
  publish(message: RelayMessage): void;
  leave(): Promise<void>;
}

const KINDS = ['update', 'awareness', 'syncRequest', 'syncReply'] as const;

/**
 * Relays document updates and awareness between server nodes through Redis
 * pub/sub, one channel per document. Without REDIS_URL there is one node and
 * nothing to relay. Subscribing needs a connection of its own.
 */
@Injectable()
export class CollabRelay implements OnModuleDestroy {
  private readonly logger = new Logger('CollabRelay');
  /** Tells this node's own messages apart when Redis echoes them back. */
  readonly nodeId = randomUUID();
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, RelayListener>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts relaying `docName`; null on a single node. Subscribes before returning. */
  async join(docName: string, listener: RelayListener): Promise<RelayChannel | null> {
    const publisher = this.redis.client;
    if (!publisher) return null;
    const subscriber = this.subscriberConnection(publisher);
    // Under the deployment's prefix: deployments (or test runs) sharing a Redis never hear each other.
    const channel = `${this.config.redisPrefix}:collab:${docName}`;
    this.listeners.set(channel, listener);
    // Without Redis the document still works on this node; a later reconnect resyncs it.
    await subscriber.subscribe(channel).catch((err: Error) => {
      this.logger.warn(`Subscribing to ${docName} failed: ${err.message}`);
    });
    return {
      publish: (message) => {
        publisher
          .publish(channel, Buffer.from(encodeRelayMessage(this.nodeId, message)))
          .catch((err: Error) =>
            this.logger.warn(`Publishing to ${docName} failed: ${err.message}`),
          );
      },
      leave: async () => {
        this.listeners.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => undefined);
      },
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => undefined);
  }

  private subscriberConnection(publisher: Redis): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = publisher.duplicate();
    let connectedBefore = false;
    subscriber.on('error', (err: Error) => this.logger.warn(err.message));
    subscriber.on('ready', () => {
      if (connectedBefore) for (const listener of this.listeners.values()) listener.resync();
      connectedBefore = true;
    });
    subscriber.on('messageBuffer', (channel: Buffer, data: Buffer) => {
      const listener = this.listeners.get(channel.toString());
      if (!listener) return;
      const decoded = decodeRelayMessage(data);
      if (!decoded) {
        this.logger.warn(`Ignored an undecodable relay message on ${channel.toString()}`);
        return;
      }
      if (decoded.from === this.nodeId) return;
      const { from, message } = decoded;
      if (message.kind === 'syncReply' && message.to !== this.nodeId) return;
      listener.receiveRelay(message, from);
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}

export function encodeRelayMessage(nodeId: string, message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, nodeId);
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
  switch (message.kind) {
    case 'update':
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'syncRequest':
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
    case 'syncReply':
      encoding.writeVarString(encoder, message.to);
      encoding.writeVarUint8Array(encoder, message.update);
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
  }
  return encoding.toUint8Array(encoder);
}

export function decodeRelayMessage(
  data: Uint8Array,
): { from: string; message: RelayMessage } | null {
  try {
    const decoder = decoding.createDecoder(data);
    const from = decoding.readVarString(decoder);
    const kind = KINDS[decoding.readVarUint(decoder)];
    if (kind === undefined) return null;
    switch (kind) {
      case 'update':
      case 'awareness':
        return { from, message: { kind, update: decoding.readVarUint8Array(decoder) } };
      case 'syncRequest':
        return { from, message: { kind, stateVector: decoding.readVarUint8Array(decoder) } };
      case 'syncReply':
        return {
          from,
          message: {
            kind,
            to: decoding.readVarString(decoder),
            update: decoding.readVarUint8Array(decoder),
            stateVector: decoding.readVarUint8Array(decoder),
          },
        };
    }
  } catch {
    return null;
  }
}
