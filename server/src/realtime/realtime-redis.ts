import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The Redis connections of the realtime layer, when REDIS_URL is set: `pub`
 * (publishing, presence) and `sub` (the adapter's subscriptions). They are its
 * own and close only after the Socket.IO server has, so shutting down never
 * talks to a closed client.
 */
@Injectable()
export class RealtimeRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('RealtimeRedis');
  readonly pub: Redis | null;
  readonly sub: Redis | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pub = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : null;
    // Subscriptions wait for Redis however long it is away: one given up on would never
    // be renewed, and this node would silently stop hearing the others.
    this.sub = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: null }) : null;
    for (const client of [this.pub, this.sub]) {
      client?.on('error', (err: Error) => this.logger.warn(err.message));
    }
  }

  /** A key or channel name under this deployment's prefix. */
  key(...parts: string[]): string {
    return [this.config.redisPrefix, ...parts].join(':');
  }

  /**
   * `client` for the Socket.IO adapter, which sends commands without handling
   * their failure: during a Redis outage each would be an unhandled rejection
   * (which ends a Node process). Failures are logged instead; what a lost
   * publish did not deliver, clients get from catch-up.
   */
  forAdapter(client: Redis): Redis {
    const logger = this.logger;
    return new Proxy(client, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || !ADAPTER_COMMANDS.has(property)) return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) {
            result.catch((err: Error) => logger.warn(`${String(property)}: ${err.message}`));
          }
          return result;
        };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.disconnect();
    await this.pub?.quit().catch(() => undefined);
  }
}

const ADAPTER_COMMANDS = new Set<string | symbol>([
  'publish',
  'psubscribe',
  'subscribe',
  'punsubscribe',
  'unsubscribe',
  'pubsub',
  'call',
  'send_command',
]);
