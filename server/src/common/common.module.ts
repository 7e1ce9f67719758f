import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { OriginPolicy } from './origin-policy';
import { RateLimiter } from './rate-limiter';
import { RedisConnection } from './redis';
import { RequestSource } from './request-source';

@Global()
@Module({
  providers: [Clock, OriginPolicy, RateLimiter, RedisConnection, RequestSource],
  exports: [Clock, OriginPolicy, RateLimiter, RedisConnection, RequestSource],
})
export class CommonModule {}
