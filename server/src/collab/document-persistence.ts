import type { Logger } from '@nestjs/common';
import * as Y from 'yjs';
import type { CollabHooks } from './collab-hooks';
import { guarded } from './guarded';

/** How long a failed store waits before it is tried again. */
const RETRY_AFTER_MS = 1_000;
/** The derived text may lag the live document by about this much. */
const RENDER_EVERY_MS = 100;

/**
 * Stores one document's accepted updates: collected for a few milliseconds,
 * then appended in one write; one write at a time; a failed write keeps its
 * updates in memory and is retried. The derived text is stored throttled.
 */
export class DocumentPersistence {
  private pending: Uint8Array[] = [];
  private readonly newAuthors = new Set<string>();
  private readonly knownAuthors = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<boolean> | null = null;
  private renderTimer: NodeJS.Timeout | null = null;
  private rendering: Promise<void> | null = null;
  private renderDue = false;
  private disposed = false;
  private readonly flushLater: () => void;
  private readonly renderLater: () => void;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    private readonly hooks: CollabHooks,
    private readonly debounceMs: number,
    private readonly logger: Logger,
  ) {
    // Timer callbacks: whatever fails in them is logged, never thrown into the event loop.
    this.flushLater = guarded(logger, `Storing ${name}`, () => this.flush());
    this.renderLater = guarded(logger, `Rendering ${name}`, () => this.render());
  }

  /** An update a connection of this node made; `userId` is its author. */
  add(update: Uint8Array, userId: string): void {
    this.pending.push(update);
    if (!this.knownAuthors.has(userId)) this.newAuthors.add(userId);
    this.scheduleFlush(this.debounceMs);
    this.renderDue = true;
    if (!this.rendering) this.renderTimer ??= setTimeout(this.renderLater, RENDER_EVERY_MS);
  }

  /** Writes everything collected so far; false when the database did not take it. */
  flush(): Promise<boolean> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Final flush and render before the document leaves memory; false if updates remain unstored. */
  async close(): Promise<boolean> {
    const stored = await this.flush();
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = null;
    await this.rendering;
    if (this.renderDue) await this.render();
    await this.rendering;
    return stored;
  }

  /** Stops every timer (after `close`, or when giving up at shutdown). */
  dispose(): void {
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.flushTimer = null;
    this.renderTimer = null;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer || this.flushing) return;
    this.flushTimer = setTimeout(this.flushLater, delayMs);
  }

  private async drain(): Promise<boolean> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      const authors = [...this.newAuthors];
      this.pending = [];
      this.newAuthors.clear();
      try {
        const update = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
        await this.hooks.storeUpdates(this.name, update, authors);
        for (const author of authors) this.knownAuthors.add(author);
      } catch (err) {
        this.pending = [...batch, ...this.pending];
        for (const author of authors) this.newAuthors.add(author);
        this.logger.error(`Storing ${this.name} failed; keeping ${batch.length} updates`, err);
        // Not through scheduleFlush: this drain still counts as running until it returns.
        if (!this.disposed) this.flushTimer = setTimeout(this.flushLater, RETRY_AFTER_MS);
        return false;
      }
    }
    return true;
  }

  private render(): Promise<void> {
    this.renderTimer = null;
    // A render already running: its end schedules the next one if more changed meanwhile.
    if (this.rendering) return this.rendering;
    this.renderDue = false;
    let retryAfter = RENDER_EVERY_MS;
    // Through a promise, so a hook that throws synchronously is caught like one that rejects.
    this.rendering = Promise.resolve()
      .then(() => this.hooks.storeDocument(this.name, this.doc))
      .catch((err: unknown) => {
        this.logger.warn(`Storing the text of ${this.name} failed`, err);
        this.renderDue = true;
        retryAfter = RETRY_AFTER_MS;
      })
      .finally(() => {
        this.rendering = null;
        if (this.renderDue && !this.disposed) {
          this.renderTimer ??= setTimeout(this.renderLater, retryAfter);
        }
      });
    return this.rendering;
  }
}
