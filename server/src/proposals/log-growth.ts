/** Below this, a log is never compacted for its size alone. */
const MIN_COMPACT_BYTES = 16 * 1024;

interface Log {
  rows: number;
  bytes: number;
  /** The snapshot's size when last loaded or written by this node. */
  snapshotBytes: number;
}

/**
 * How much each open proposal's update log has grown on this node since it
 * was loaded or last compacted, and whether it is time to compact: after
 * `compactAfterRows` rows, or once the log holds more bytes than the
 * snapshot (store batches are few but large, and loading applies every byte
 * of the log). Compacting at double the size keeps its cost proportional to
 * what is typed, and a load at most twice the snapshot's.
 */
export class LogGrowth {
  private readonly logs = new Map<string, Log>();

  constructor(private readonly compactAfterRows: number) {}

  loaded(proposalId: string, snapshotBytes: number, rowBytes: number[]): void {
    const bytes = rowBytes.reduce((sum, n) => sum + n, 0);
    this.logs.set(proposalId, { rows: rowBytes.length, bytes, snapshotBytes });
  }

  appended(proposalId: string, bytes: number): void {
    const log = this.logs.get(proposalId) ?? { rows: 0, bytes: 0, snapshotBytes: 0 };
    log.rows++;
    log.bytes += bytes;
    this.logs.set(proposalId, log);
  }

  isDue(proposalId: string): boolean {
    const log = this.logs.get(proposalId);
    if (!log) return false;
    return (
      log.rows >= this.compactAfterRows ||
      log.bytes >= Math.max(MIN_COMPACT_BYTES, log.snapshotBytes)
    );
  }

  /** A compaction starts: what it reads no longer counts (rows committed meanwhile count again). */
  compacting(proposalId: string): void {
    const log = this.logs.get(proposalId);
    if (log) Object.assign(log, { rows: 0, bytes: 0 });
  }

  compacted(proposalId: string, snapshotBytes: number): void {
    const log = this.logs.get(proposalId);
    if (log) log.snapshotBytes = snapshotBytes;
  }

  /** Still tracked: the document is open on this node. */
  has(proposalId: string): boolean {
    return this.logs.has(proposalId);
  }

  forget(proposalId: string): void {
    this.logs.delete(proposalId);
  }
}
