import type { Majority, VoteOutcome } from '@lokalforum/protocol';

export interface BallotCounts {
  yes: number;
  no: number;
  abstain: number;
}

/**
 * The outcome of a closed vote, from its ballots alone. The quorum is the
 * least number of ballots cast (abstentions count towards it, not towards the
 * majority). `moreYesThanNo`: more yes than no. `twoThirds`: at least two
 * thirds of the yes and no ballots are yes (and at least one yes).
 */
export function voteOutcome(
  counts: BallotCounts,
  rules: { quorum: number | null; majority: Majority },
): VoteOutcome {
  const cast = counts.yes + counts.no + counts.abstain;
  if (rules.quorum !== null && cast < rules.quorum) return 'not_adopted';
  switch (rules.majority) {
    case 'moreYesThanNo':
      return counts.yes > counts.no ? 'adopted' : 'not_adopted';
    case 'twoThirds':
      return counts.yes > 0 && 3 * counts.yes >= 2 * (counts.yes + counts.no)
        ? 'adopted'
        : 'not_adopted';
  }
}
