/**
 * How much one connection may make the server send in answers to sync step
 * 1: a y-websocket client asks once per connection (and on its optional
 * resync interval), and each answer is at most the document's state, so a
 * budget of a few documents' worth, refilled over seconds, never stops a
 * client — but a burst of tiny requests cannot turn into megabytes.
 * The first answer is always given, however large the document.
 */
export class SyncReplyBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacityBytes: number,
    private readonly refillBytesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacityBytes;
    this.updatedAt = now();
  }

  /** Spends `bytes` if anything is left (the balance may go below zero); false when nothing is. */
  take(bytes: number): boolean {
    const now = this.now();
    const refill = ((now - this.updatedAt) / 1000) * this.refillBytesPerSecond;
    this.tokens = Math.min(this.capacityBytes, this.tokens + refill);
    this.updatedAt = now;
    if (this.tokens <= 0) return false;
    this.tokens -= bytes;
    return true;
  }
}
