import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisConnection } from '../common/redis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type DomainEventName, type DomainEvents, isDomainEventName } from './domain-events';

export type DomainEventListener<E extends DomainEventName> = (
  payload: DomainEvents[E],
) => void | Promise<void>;

/** How long booting waits for the subscription before going on without it (it keeps trying). */
const SUBSCRIBE_WAIT_MS = 2_000;
/** How long shutdown waits at most for listeners still at work. */
const SHUTDOWN_WAIT_MS = 5_000;

/**
 * Typed domain events, heard on every node: delivered at once to this node's
 * listeners, and through Redis pub/sub (one channel under REDIS_PREFIX) to the
 * others'. Without Redis there is one node and delivery is in-process only.
 * A listener that throws is logged and never reaches the publisher.
 *
 * Pub/sub does not keep messages: what was published while this node's
 * subscription was down is lost, so `onResume` listeners re-check what they
 * hold once it is back.
 */
@Injectable()
export class DomainEventBus implements OnModuleInit, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('DomainEvents');
  /** Tells this node's own messages apart when Redis echoes them back. */
  private readonly nodeId = randomUUID();
  private readonly channel: string;
  private readonly listeners = new Map<DomainEventName, Set<DomainEventListener<never>>>();
  private readonly localListeners = new Map<DomainEventName, Set<DomainEventListener<never>>>();
  private readonly resumeListeners = new Set<() => void>();
  private subscriber: Redis | null = null;
  /** Listeners still at work (writing notifications, say): shutdown waits for them. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redisPrefix}:events`;
  }

  async onModuleInit(): Promise<void> {
    const client = this.redis.client;
    if (!client) return;
    // Its own connection (a subscribing one can do nothing else), never giving up on a command.
    const subscriber = client.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    let readyBefore = false;
    subscriber.on('error', (err: Error) => this.logger.warn(err.message));
    subscriber.on('ready', () => {
      if (readyBefore) this.resumed();
      readyBefore = true;
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
    const subscribed = subscriber.subscribe(this.channel).catch((err: Error) => {
      this.logger.warn(`Subscribing to domain events failed: ${err.message}`);
    });
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, SUBSCRIBE_WAIT_MS).unref())]);
  }

  /** Lets listeners that are still writing finish while the database is there (a few seconds at most). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.running.size === 0) return;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref()),
    ]);
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    this.localListeners.clear();
    this.resumeListeners.clear();
    // Not `quit`: with Redis away it would wait for ever (this connection never gives up).
    this.subscriber?.disconnect();
  }

  /** Tells every node. Call once the change it announces has committed. */
  publish<E extends DomainEventName>(name: E, payload: DomainEvents[E]): void {
    this.deliver(name, payload, this.localListeners);
    this.deliver(name, payload);
    this.redis.client
      ?.publish(this.channel, JSON.stringify({ from: this.nodeId, name, payload }))
      .catch((err: Error) => this.logger.warn(`Publishing ${name} failed: ${err.message}`));
  }

  /** Listens on this node; returns what stops listening. */
  on<E extends DomainEventName>(name: E, listener: DomainEventListener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const stored = listener as DomainEventListener<never>;
    set.add(stored);
    return () => set.delete(stored);
  }

  /**
   * Listens to what this node itself publishes, once per event across all
   * nodes: for effects that write (notifications, mail), which would
   * otherwise happen once per node. Returns what stops listening.
   */
  onLocal<E extends DomainEventName>(name: E, listener: DomainEventListener<E>): () => void {
    let set = this.localListeners.get(name);
    if (!set) this.localListeners.set(name, (set = new Set()));
    const stored = listener as DomainEventListener<never>;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Called when this node hears other nodes again after a break (events may have been missed). */
  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  private deliver(name: DomainEventName, payload: unknown, listeners = this.listeners): void {
    for (const listener of listeners.get(name) ?? []) {
      try {
        const result = (listener as (p: unknown) => unknown)(payload);
        if (result instanceof Promise) {
          const work = result.catch((err: unknown) => this.failed(name, err));
          this.running.add(work);
          void work.finally(() => this.running.delete(work));
        }
      } catch (err) {
        this.failed(name, err);
      }
    }
  }

  private receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = null;
    }
    const { from, name, payload } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof from !== 'string' || !isDomainEventName(name) || !isObject(payload)) {
      this.logger.warn('Ignored a malformed domain event from another node');
      return;
    }
    if (from !== this.nodeId) this.deliver(name, payload);
  }

  private resumed(): void {
    for (const listener of this.resumeListeners) {
      try {
        listener();
      } catch (err) {
        this.logger.error('A resume listener failed', err);
      }
    }
  }

  private failed(name: string, err: unknown): void {
    this.logger.error(`A listener of ${name} failed`, err);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
