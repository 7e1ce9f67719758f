import type { ProposalVersionSummary } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { mergeVersions } from './versions';

const ID = '11111111-1111-4111-8111-111111111111';
const version = (number: number, proposalId = ID): ProposalVersionSummary => ({
  proposalId,
  number,
  textSha256: String(number).repeat(64).slice(0, 64),
  frozenBy: { userId: '22222222-2222-4222-8222-222222222222', name: 'Anne' },
  frozenAt: `2026-12-0${number}T10:00:00.000Z`,
  amountDkk: null,
});

describe('mergeVersions', () => {
  it('joins rendered and live versions, oldest first, each number once', () => {
    expect(
      mergeVersions(ID, [version(1), version(2)], [version(3), version(2)]).map((v) => v.number),
    ).toEqual([1, 2, 3]);
    // An event can arrive before the reload that also lists it, or after.
    expect(mergeVersions(ID, [version(1)], [version(3), version(2)]).map((v) => v.number)).toEqual([
      1, 2, 3,
    ]);
    expect(mergeVersions(ID, [], [])).toEqual([]);
  });

  it('leaves out another proposal’s versions', () => {
    const other = '33333333-3333-4333-8333-333333333333';
    expect(mergeVersions(ID, [version(1)], [version(2, other)]).map((v) => v.number)).toEqual([1]);
  });
});
