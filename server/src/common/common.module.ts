import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { OriginPolicy } from './origin-policy';
import { RateLimiter } from './rate-limiter';
import { RedisConnection } from './redis';

@Global()
@Module({
  providers: [Clock, OriginPolicy, RateLimiter, RedisConnection],
  exports: [Clock, OriginPolicy, RateLimiter, RedisConnection],
})
export class CommonModule {}
