import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

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
 * Runs `compactState` on a worker thread. Folding a long log into a snapshot
 * takes milliseconds to seconds of CPU and makes a whole document's garbage;
 * on the event loop every document and socket of this node would wait for
 * it. One worker, started when first needed and again if it dies; requests
 * are answered in turn.
 */
export class StateCompactor {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  /** The updates folded into one (see `compactState`); rejects if that throws or the worker dies. */
  compact(updates: Uint8Array[]): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.running().postMessage({ id, updates } satisfies CompactionRequest);
    });
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
