/**
 * Runs `flush(key)` at most once per `periodMs` for each key, however often
 * `touch(key)` is called: the first touch after a quiet period flushes at
 * once, later ones are gathered into one flush at the end of the period.
 * A touch that arrives while a flush runs schedules another, so the last
 * change is always flushed.
 */
export class Coalescer {
  private readonly lastFlush = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly periodMs: number,
    private readonly flush: (key: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  touch(key: string): void {
    if (this.timers.has(key)) return;
    const wait = Math.max(0, (this.lastFlush.get(key) ?? -Infinity) + this.periodMs - this.now());
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.lastFlush.set(key, this.now());
      void this.flush(key);
    }, wait);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Forgets a key that will not change again (a closed vote). */
  forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.lastFlush.delete(key);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.lastFlush.clear();
  }
}
