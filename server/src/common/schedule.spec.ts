import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleAt } from './schedule';

describe('scheduleAt', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at the time, also beyond the longest delay setTimeout takes', () => {
    const run = vi.fn();
    const days40 = 40 * 86_400_000;
    scheduleAt(new Date(Date.now() + days40), run);
    vi.advanceTimersByTime(days40 - 1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledOnce();
  });

  it('runs at once for a time that has passed, and not at all once cancelled', () => {
    const past = vi.fn();
    scheduleAt(new Date(Date.now() - 1), past);
    expect(past).toHaveBeenCalledOnce();
    const cancelled = vi.fn();
    const cancel = scheduleAt(new Date(Date.now() + 1_000), cancelled);
    cancel();
    vi.advanceTimersByTime(2_000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
