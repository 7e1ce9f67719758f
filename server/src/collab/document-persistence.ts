import type { Logger } from '@nestjs/common';
import * as Y from 'yjs';
import type { CollabHooks } from './collab-hooks';
import { guarded } from './guarded';

/** How long a failed write waits before the timer tries it again. */
const RETRY_AFTER_MS = 1_000;

/** When a document's updates and its text are written (from CollabConfig). */
export interface StoreTimings {
  /** A batch is written once no update has come for this long… */
  debounceMs: number;
  /** …or this long after its first update, whichever is sooner (never sooner than `debounceMs`). */
  maxDebounceMs: number;
  /** The derived text goes with a write at most this often. */
  textEveryMs: number;
}

/**
 * Stores one document's accepted updates in batches, debounced with a
 * ceiling as hocuspocus does: one insert per pause in the typing, and one
 * per `maxDebounceMs` at least while it goes on. A crash loses at most the
 * batch being collected, which the editors send again when they reconnect.
 * One write at a time; a failed write keeps its updates in memory and is
 * tried again. The derived text is rendered from the state the batch it goes
 * with leads to and written in the same statement, at most every `textEveryMs`.
 */
export class DocumentPersistence {
  private pending: Uint8Array[] = [];
  private firstPendingAt = 0;
  private lastPendingAt = 0;
  private readonly newAuthors = new Set<string>();
  private readonly knownAuthors = new Set<string>();
  /** The document has changed since its text was last stored… */
  private textStale = false;
  /** …and its text may be written from then on. */
  private textDueAt = 0;
  /** A failed write is not tried again by the timer before this. */
  private retryAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<boolean> | null = null;
  private disposed = false;
  /** The timer's callback: whatever fails in it is logged, never thrown into the event loop. */
  private readonly onTimer: () => void;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    private readonly hooks: CollabHooks,
    private readonly timings: StoreTimings,
    private readonly logger: Logger,
  ) {
    this.onTimer = guarded(logger, `Storing ${name}`, () => this.tick());
  }

  /** An update a connection of this node made; `userId` is its author. */
  add(update: Uint8Array, userId: string): void {
    const now = performance.now();
    if (this.pending.length === 0) {
      this.firstPendingAt = now;
      // The timer may be waiting for the text alone, later than this batch is due.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastPendingAt = now;
    this.pending.push(update);
    if (!this.knownAuthors.has(userId)) this.newAuthors.add(userId);
    this.textStale = true;
    this.schedule();
  }

  /** Writes everything collected so far; false when the database did not take it. */
  async flush(): Promise<boolean> {
    for (;;) {
      while (this.writing) await this.writing;
      if (this.pending.length === 0 && !this.textIsDue()) return true;
      if (!(await this.write())) return false;
    }
  }

  /** Final write, the text included, before the document leaves memory; false if updates remain unstored. */
  close(): Promise<boolean> {
    this.textDueAt = 0;
    return this.flush();
  }

  /** Stops the timer (after `close`, or when giving up at shutdown). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private textIsDue(): boolean {
    return this.textStale && performance.now() >= this.textDueAt;
  }

  /** When the timer should write next, or null when nothing waits. */
  private dueAt(): number | null {
    if (this.pending.length > 0) {
      const { debounceMs, maxDebounceMs } = this.timings;
      const ceiling = this.firstPendingAt + Math.max(debounceMs, maxDebounceMs);
      return Math.max(this.retryAt, Math.min(this.lastPendingAt + debounceMs, ceiling));
    }
    return this.textStale ? Math.max(this.retryAt, this.textDueAt) : null;
  }

  /** Arms the timer unless it is armed or a write is running (its end calls this again). */
  private schedule(): void {
    if (this.disposed || this.writing || this.timer) return;
    const due = this.dueAt();
    if (due === null) return;
    this.timer = setTimeout(this.onTimer, Math.max(0, due - performance.now()));
  }

  private tick(): void {
    this.timer = null;
    if (this.disposed || this.writing) return;
    const due = this.dueAt();
    if (due === null) return;
    // Armed for the debounce, but the typing went on: wait for the pause or the ceiling.
    if (due > performance.now() + 1) this.schedule();
    else void this.write();
  }

  /** One write: the batch collected so far and, when due, the text. Never rejects. */
  private write(): Promise<boolean> {
    const batch = this.pending;
    const authors = [...this.newAuthors];
    this.pending = [];
    this.newAuthors.clear();
    // Rendered before anything awaits: the state exactly this batch (and all before it) leads to.
    const rendered = this.textIsDue() ? this.render() : null;
    if (batch.length === 0 && rendered === null) {
      // Rendering failed and nothing else waits: the text is tried again when due.
      this.schedule();
      return Promise.resolve(true);
    }
    const attempt = this.attempt(batch, authors, rendered);
    this.writing = attempt;
    return attempt.then((stored) => {
      this.writing = null;
      this.schedule();
      return stored;
    });
  }

  private async attempt(
    batch: Uint8Array[],
    authors: string[],
    rendered: unknown,
  ): Promise<boolean> {
    try {
      const update =
        batch.length === 0 ? null : batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      await this.hooks.store(this.name, { update, authors, rendered });
      for (const author of authors) this.knownAuthors.add(author);
      return true;
    } catch (err) {
      this.pending = [...batch, ...this.pending];
      for (const author of authors) this.newAuthors.add(author);
      if (rendered !== null) {
        this.textStale = true;
        this.textDueAt = 0;
      }
      this.retryAt = performance.now() + RETRY_AFTER_MS;
      this.logger.error(`Storing ${this.name} failed; keeping ${batch.length} updates`, err);
      return false;
    }
  }

  /** The text for this write, or null when rendering failed (logged, tried again later). */
  private render(): unknown {
    this.textStale = false;
    try {
      const rendered = this.hooks.render(this.name, this.doc);
      this.textDueAt = performance.now() + this.timings.textEveryMs;
      return rendered;
    } catch (err) {
      this.logger.warn(`Rendering the text of ${this.name} failed`, err);
      this.textStale = true;
      this.textDueAt = performance.now() + RETRY_AFTER_MS;
      return null;
    }
  }
}
