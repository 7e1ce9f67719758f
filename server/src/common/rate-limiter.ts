import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from './clock';
import { DomainError } from './domain-error';
import type { RateRule } from './rate-limits';
import { RedisConnection } from './redis';

interface Window {
  count: number;
  resetAt: number;
}

const TRY_AGAIN = 'For mange forsøg. Vent lidt, og prøv igen.';

/**
 * Fixed-window counters: in Redis when configured (shared by every node,
 * under REDIS_PREFIX like every other key of this deployment), otherwise in
 * this process.
 */
@Injectable()
export class RateLimiter {
  private readonly local = new Map<string, Window>();
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}:rate:`;
  }

  /** Counts one `rule` action of `subject` (a user id, or a guest's address); 429 past the limit. */
  consume(rule: RateRule, subject: string): Promise<void> {
    return this.hit(`${rule.name}:${subject}`, rule.limit, rule.windowMs, rule.message);
  }

  /** Counts one hit on `key`; throws 429 when more than `limit` fall in `windowMs`. */
  async hit(key: string, limit: number, windowMs: number, message = TRY_AGAIN): Promise<void> {
    const count = await this.increment(this.prefix + key, windowMs);
    if (count > limit) throw new DomainError(429, 'rate_limited', message);
  }

  private async increment(key: string, windowMs: number): Promise<number> {
    const redis = this.redis.client;
    if (redis) {
      const [[, count]] = (await redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec()) as [
        [Error | null, number],
      ];
      return count;
    }
    const now = this.clock.now().getTime();
    const current = this.local.get(key);
    if (!current || current.resetAt <= now) {
      this.local.set(key, { count: 1, resetAt: now + windowMs });
      if (this.local.size > 10_000) this.sweep(now);
      return 1;
    }
    current.count += 1;
    return current.count;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.local) if (window.resetAt <= now) this.local.delete(key);
  }
}
