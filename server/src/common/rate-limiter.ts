import { Injectable } from '@nestjs/common';
import { DomainError } from './domain-error';
import { Clock } from './clock';
import { RedisConnection } from './redis';

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters: in Redis when configured (shared by every node),
 * otherwise in this process.
 */
@Injectable()
export class RateLimiter {
  private readonly local = new Map<string, Window>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit on `key`; throws 429 when more than `limit` fall in `windowMs`. */
  async hit(key: string, limit: number, windowMs: number): Promise<void> {
    const count = await this.increment(`lf:rate:${key}`, windowMs);
    if (count > limit) {
      throw new DomainError(429, 'rate_limited', 'For mange forsøg. Vent lidt, og prøv igen.');
    }
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
