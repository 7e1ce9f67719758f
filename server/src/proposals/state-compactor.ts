import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compactState } from './compact-state';

export interface CompactionRequest {
  id: number;
  updates: Uint8Array[];
}

export type CompactionReply = { id: number; state: Uint8Array } | { id: number; error: string };

interface Waiting {
  resolve: (state: Uint8Array) => void;
  reject: (err: Error) => void;
}

/**
 * Logs from this many bytes on are folded on the worker. Folding grows
 * faster than the log: about 20 ms for 100 KiB of typing, 200 ms for
 * 400 KiB (2 vCPU, 2026-12-03). Below it the event loop does it: the hop to
 * a thread whose Yjs code is cold costs more CPU than it saves, and on a
 * busy two-core machine the worker takes the other core anyway.
 */
export const WORKER_FROM_BYTES = 128 * 1024;

/**
 * Runs `compactState`, on a worker thread for a long log. Folding one into
 * a snapshot takes up to seconds of CPU and makes a whole document's
 * garbage; on the event loop every document and socket of this node would
 * wait for it. One worker, started with the store and again if it dies;
 * requests are answered in turn.
 */
export class StateCompactor {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly workerFromBytes = WORKER_FROM_BYTES) {}

  /** The updates folded into one (see `compactState`); rejects if that throws or the worker dies. */
  compact(updates: Uint8Array[]): Promise<Uint8Array> {
    const bytes = updates.reduce((sum, update) => sum + update.length, 0);
    if (bytes < this.workerFromBytes) {
      try {
        return Promise.resolve(compactState(updates));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.running().postMessage({ id, updates } satisfies CompactionRequest);
    });
  }

  /** Starts the worker now, not at the first compaction: starting one takes the event loop ~20 ms. */
  start(): void {
    this.running();
  }

  /** Stops the worker; what it was still doing is rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the compaction worker was stopped'));
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerScript());
    // A compaction under way must not keep a stopping process alive.
    worker.unref();
    worker.on('message', (reply: CompactionReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('state' in reply) waiting?.resolve(reply.state);
      else waiting?.reject(new Error(reply.error));
    });
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the compaction worker exited with ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const { reject } of this.waiting.values()) reject(err);
    this.waiting.clear();
  }
}

/**
 * The worker's script: compiled, next to this module. Tests run the
 * TypeScript sources, which a worker thread cannot load, so they use the
 * build's copy (`npm test` builds first).
 */
function workerScript(): string {
  const beside = join(__dirname, 'compaction-worker.js');
  return existsSync(beside)
    ? beside
    : resolve(__dirname, '../../dist/proposals/compaction-worker.js');
}
