import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { RateLimiter } from '../common/rate-limiter';

/** New debates and comments per person per minute (REST and sockets together). */
export const POSTS_PER_MINUTE = 10;
/** Edits and deletions per person per minute. */
export const CHANGES_PER_MINUTE = 30;

/** Rate limits on writing, shared by every node through Redis when it is configured. */
@Injectable()
export class PostingLimits {
  constructor(private readonly limiter: RateLimiter) {}

  post(principal: Principal): Promise<void> {
    return this.limiter.hit(`post:${principal.userId}`, POSTS_PER_MINUTE, 60_000);
  }

  change(principal: Principal): Promise<void> {
    return this.limiter.hit(`post-change:${principal.userId}`, CHANGES_PER_MINUTE, 60_000);
  }
}
