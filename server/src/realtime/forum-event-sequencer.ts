/** What the sequencer needs of an event: its forum and its number there. */
export interface Sequenced {
  forumId: string;
  event: { seq: number };
}

export interface SequencerSource<R extends Sequenced> {
  /** The stored events numbered `afterSeq + 1` to `uptoSeq`, in order. */
  range(forumId: string, afterSeq: number, uptoSeq: number): Promise<R[]>;
}

/**
 * Hands one node's forum events on in `seq` order, each once. Events reach a
 * node from every node (through Redis) and can arrive late, twice or out of
 * order; numbers are gapless per forum, so a gap means "still on its way" and
 * is filled from the database. Everything a node delivers to its sockets goes
 * through here, which is what lets catch-up hand over to live delivery
 * without loss or duplicates.
 */
export class ForumEventSequencer<R extends Sequenced> {
  private readonly cursors = new Map<string, number>();
  private readonly held = new Map<string, Map<number, R>>();
  private readonly fills = new Map<string, Promise<void>>();
  /** Events that arrive before the starting cursors are known. */
  private early: R[] | null = [];

  constructor(
    private readonly source: SequencerSource<R>,
    private readonly deliver: (record: R) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts from each forum's last stored seq (what no socket on this node can still be owed). */
  start(heads: Map<string, number>): void {
    for (const [forumId, seq] of heads) this.cursors.set(forumId, seq);
    const early = this.early ?? [];
    this.early = null;
    for (const record of early) this.receive(record);
  }

  /** The last seq delivered in `forumId`. */
  cursor(forumId: string): number {
    return this.cursors.get(forumId) ?? 0;
  }

  receive(record: R): void {
    if (this.early) {
      this.early.push(record);
      return;
    }
    const { forumId } = record;
    const { seq } = record.event;
    const cursor = this.cursor(forumId);
    if (seq <= cursor) return;
    if (seq === cursor + 1) {
      this.emit(record);
      this.drain(forumId);
      return;
    }
    let held = this.held.get(forumId);
    if (!held) this.held.set(forumId, (held = new Map<number, R>()));
    held.set(seq, record);
    this.advanceTo(forumId, seq - 1).catch(this.onError);
  }

  /** Resolves once everything up to `target` has been delivered, fetching what has not arrived. */
  advanceTo(forumId: string, target: number): Promise<void> {
    if (this.cursor(forumId) >= target) return Promise.resolve();
    // One fill at a time per forum; a later one usually finds its work already done.
    const previous = this.fills.get(forumId) ?? Promise.resolve();
    const fill = previous
      .catch(() => undefined)
      .then(async () => {
        const cursor = this.cursor(forumId);
        if (cursor >= target) return;
        for (const record of await this.source.range(forumId, cursor, target)) {
          this.receive(record);
        }
        if (this.cursor(forumId) < target) {
          // Numbers are gapless, so this means rows were removed (a forum deleted):
          // skip rather than hold this forum's live events back for ever.
          this.cursors.set(forumId, target);
          this.drain(forumId);
        }
      });
    this.fills.set(forumId, fill);
    const forget = () => {
      if (this.fills.get(forumId) === fill) this.fills.delete(forumId);
    };
    fill.then(forget, forget);
    return fill;
  }

  private emit(record: R): void {
    this.cursors.set(record.forumId, record.event.seq);
    try {
      this.deliver(record);
    } catch (err) {
      this.onError(err);
    }
  }

  private drain(forumId: string): void {
    const held = this.held.get(forumId);
    if (!held) return;
    for (let next = held.get(this.cursor(forumId) + 1); next;) {
      held.delete(next.event.seq);
      this.emit(next);
      next = held.get(this.cursor(forumId) + 1);
    }
    const cursor = this.cursor(forumId);
    for (const seq of held.keys()) if (seq <= cursor) held.delete(seq);
    if (held.size === 0) this.held.delete(forumId);
  }
}
