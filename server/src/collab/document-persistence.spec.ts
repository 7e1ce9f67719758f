import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CollabHooks } from './collab-hooks';
import { DocumentPersistence } from './document-persistence';

/** Hooks whose stores fail `failures` times (the render synchronously, as a stack overflow does). */
function failingHooks(failures: number) {
  let renders = 0;
  let stores = 0;
  const hooks: Pick<CollabHooks, 'storeUpdates' | 'storeDocument'> = {
    storeUpdates: () =>
      ++stores <= failures ? Promise.reject(new Error('db down')) : Promise.resolve(),
    storeDocument: () => {
      if (++renders <= failures) throw new RangeError('Maximum call stack size exceeded');
      return Promise.resolve();
    },
  };
  return { hooks: hooks as CollabHooks, renders: () => renders, stores: () => stores };
}

describe('DocumentPersistence', () => {
  it('catches a render that throws synchronously in its timer, logs it and tries again', async () => {
    vi.useFakeTimers();
    try {
      const logger = new Logger('test');
      const logged = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
      vi.spyOn(logger, 'error').mockImplementation(() => undefined);
      const { hooks, renders, stores } = failingHooks(2);
      const persistence = new DocumentPersistence('doc', new Y.Doc(), hooks, 5, logger);
      persistence.add(new Uint8Array([0, 0]), 'someone');
      await vi.advanceTimersByTimeAsync(5_000);
      expect(renders()).toBe(3);
      expect(stores()).toBe(3);
      expect(logged).toHaveBeenCalledTimes(2);
      expect(await persistence.flush()).toBe(true);
      persistence.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
