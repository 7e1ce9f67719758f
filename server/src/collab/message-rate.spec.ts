import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate';

describe('MessageRate', () => {
  it('lets a burst through at once, then the sustained rate', () => {
    let now = 0;
    const rate = new MessageRate(10, 5, () => now);
    const taken = () => Array.from({ length: 8 }, () => rate.take());
    expect(taken()).toEqual([true, true, true, true, true, false, false, false]);
    now += 100;
    expect(rate.take()).toBe(true);
    expect(rate.take()).toBe(false);
    // A long quiet spell refills the burst, never more.
    now += 60_000;
    expect(taken().filter(Boolean)).toHaveLength(5);
  });

  it('takes back what is given back, never beyond the burst', () => {
    const now = 0;
    const rate = new MessageRate(10, 2, () => now);
    expect([rate.take(), rate.take(), rate.take()]).toEqual([true, true, false]);
    rate.giveBack(0.5);
    expect(rate.take()).toBe(false);
    rate.giveBack(0.5);
    expect(rate.take()).toBe(true);
    rate.giveBack(100);
    expect([rate.take(), rate.take(), rate.take()]).toEqual([true, true, false]);
  });
});
