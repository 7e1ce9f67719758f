import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('flushes the first touch at once and gathers the rest of a period into one', async () => {
    const flushed: [string, number][] = [];
    const c = new Coalescer(250, (key) => {
      flushed.push([key, Date.now()]);
      return Promise.resolve();
    });
    const start = Date.now();
    c.touch('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toEqual([['a', start]]);
    for (let i = 0; i < 300; i += 1) {
      c.touch('a');
      await vi.advanceTimersByTimeAsync(1);
    }
    // 300 touches over 300 ms: the one at once, then one per 250 ms.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(flushed.map(([, at]) => at - start)).toEqual([0, 250, 500]);
  });

  it('keeps keys apart and flushes nothing once forgotten', async () => {
    const flushed: string[] = [];
    const c = new Coalescer(250, (key) => {
      flushed.push(key);
      return Promise.resolve();
    });
    c.touch('a');
    c.touch('b');
    await vi.advanceTimersByTimeAsync(0);
    c.touch('a');
    c.touch('b');
    c.forget('b');
    await vi.advanceTimersByTimeAsync(500);
    expect(flushed).toEqual(['a', 'b', 'a']);
  });
});
