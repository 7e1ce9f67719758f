import { describe, expect, it } from 'vitest';
import { voteOutcome } from './vote-outcome';

const simple = { quorum: null, majority: 'moreYesThanNo' } as const;
const twoThirds = { quorum: null, majority: 'twoThirds' } as const;

describe('voteOutcome', () => {
  it('adopts with more yes than no; a tie or nothing is not adopted', () => {
    expect(voteOutcome({ yes: 2, no: 1, abstain: 5 }, simple)).toBe('adopted');
    expect(voteOutcome({ yes: 1, no: 1, abstain: 0 }, simple)).toBe('not_adopted');
    expect(voteOutcome({ yes: 0, no: 0, abstain: 3 }, simple)).toBe('not_adopted');
    expect(voteOutcome({ yes: 0, no: 0, abstain: 0 }, simple)).toBe('not_adopted');
  });

  it('needs two thirds of yes and no for twoThirds, abstentions aside', () => {
    expect(voteOutcome({ yes: 2, no: 1, abstain: 9 }, twoThirds)).toBe('adopted');
    expect(voteOutcome({ yes: 3, no: 2, abstain: 0 }, twoThirds)).toBe('not_adopted');
    expect(voteOutcome({ yes: 1, no: 0, abstain: 0 }, twoThirds)).toBe('adopted');
    expect(voteOutcome({ yes: 0, no: 0, abstain: 4 }, twoThirds)).toBe('not_adopted');
  });

  it('counts every ballot, abstentions too, towards the quorum', () => {
    const rules = { quorum: 4, majority: 'moreYesThanNo' } as const;
    expect(voteOutcome({ yes: 3, no: 0, abstain: 0 }, rules)).toBe('not_adopted');
    expect(voteOutcome({ yes: 3, no: 0, abstain: 1 }, rules)).toBe('adopted');
    expect(voteOutcome({ yes: 2, no: 2, abstain: 0 }, rules)).toBe('not_adopted');
  });
});
