import { describe, expect, it } from 'vitest';
import { LogGrowth } from './log-growth';

describe('LogGrowth', () => {
  it('is due after the row limit, or once the log holds more bytes than the snapshot (16 KiB at least)', () => {
    const growth = new LogGrowth(200);
    growth.loaded('a', 40_000, [10_000]);
    expect(growth.isDue('a')).toBe(false);
    growth.appended('a', 30_000);
    expect(growth.isDue('a')).toBe(true);

    growth.compacting('a');
    growth.compacted('a', 60_000);
    growth.appended('a', 50_000);
    expect(growth.isDue('a')).toBe(false);

    growth.loaded('b', 100, []);
    for (let i = 0; i < 199; i++) growth.appended('b', 10);
    expect(growth.isDue('b')).toBe(false);
    growth.appended('b', 10);
    expect(growth.isDue('b')).toBe(true);

    growth.loaded('c', 100, [8_000]);
    expect(growth.isDue('c')).toBe(false);
    growth.appended('c', 8_400);
    expect(growth.isDue('c')).toBe(true);

    growth.forget('c');
    expect(growth.has('c')).toBe(false);
    expect(growth.isDue('c')).toBe(false);
  });
});
