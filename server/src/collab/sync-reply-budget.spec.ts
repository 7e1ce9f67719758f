import { describe, expect, it } from 'vitest';
import { SyncReplyBudget } from './sync-reply-budget';

describe('SyncReplyBudget', () => {
  it('always answers once, then only what the budget refills', () => {
    let now = 0;
    const budget = new SyncReplyBudget(1_000, 100, () => now);
    expect(budget.take(5_000)).toBe(true);
    expect(budget.take(1)).toBe(false);
    now += 10_000;
    expect(budget.take(10)).toBe(false);
    now += 31_000;
    expect(budget.take(10)).toBe(true);
  });
});
