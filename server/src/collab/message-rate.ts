/**
 * A token bucket: `burst` messages at once after a quiet spell, `perSecond`
 * sustained. One per connection, so one noisy connection is cut off without
 * slowing anyone else.
 */
export class MessageRate {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Gives back part of a message already counted (one that turned out to cost little). */
  giveBack(tokens: number): void {
    this.tokens = Math.min(this.burst, this.tokens + tokens);
  }

  /** Counts one message; false when it is over the rate. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000,
    );
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
