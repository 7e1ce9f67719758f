import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactState } from './compact-state';
import { StateCompactor, WORKER_FROM_BYTES } from './state-compactor';

/** A log of `edits` single-character updates of one title, as editors would store them. */
function logOf(edits: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const title = doc.getText('title');
  for (let i = 0; i < edits; i++) title.insert(i % 7 === 0 ? 0 : title.length, 'abc'[i % 3]!);
  return updates;
}

function titleOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('title').toJSON();
}

let compactor: StateCompactor;
afterEach(() => compactor?.close());

describe('StateCompactor', () => {
  it('folds a long log on another thread into what compactState makes, while the event loop goes on', async () => {
    compactor = new StateCompactor();
    const log = logOf(20_000);
    expect(log.reduce((sum, u) => sum + u.length, 0)).toBeGreaterThan(WORKER_FROM_BYTES);
    let turns = 0;
    let done = false;
    const count = () => {
      turns++;
      if (!done) setImmediate(count);
    };
    setImmediate(count);
    const state = await compactor.compact(log);
    done = true;
    expect(titleOf(state)).toBe(titleOf(compactState(log)));
    expect(turns, 'the main thread was not blocked').toBeGreaterThan(1);
  });

  it('folds a short log on the event loop, with the same result', async () => {
    compactor = new StateCompactor();
    const log = logOf(1_000);
    let turns = 0;
    setImmediate(() => turns++);
    expect(titleOf(await compactor.compact(log))).toBe(titleOf(compactState(log)));
    expect(turns).toBe(0);
  });

  it('rejects what compactState refuses, and the next compaction still works', async () => {
    compactor = new StateCompactor(0);
    await expect(compactor.compact([new Uint8Array([9, 9, 9])])).rejects.toThrow();
    expect(titleOf(await compactor.compact(logOf(10)))).toBe(titleOf(compactState(logOf(10))));
  });

  it('rejects what a dead worker was doing and starts a new one for what follows', async () => {
    compactor = new StateCompactor(0);
    const pending = compactor.compact(logOf(20_000));
    await (compactor as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(pending).rejects.toThrow(/exited/);
    expect(titleOf(await compactor.compact(logOf(10)))).toBe(titleOf(compactState(logOf(10))));
  });
});
