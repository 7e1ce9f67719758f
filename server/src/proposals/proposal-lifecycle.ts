import type { ProposalStatus } from '@lokalforum/protocol';

/**
 * The part a person plays towards one proposal when they try to move it.
 * `system` is the server itself (a vote closing at its deadline or when
 * everyone eligible has voted; a first staff answer).
 */
export type LifecycleRole = 'author' | 'contactPerson' | 'staff' | 'system';

/** What the forum's rules add to who may move a proposal. */
export interface LifecycleRules {
  /** Any author may open a vote, not only a contact person (forum rule, default off). */
  authorsMayOpenVotes: boolean;
}

/** Who may make each move, beside the statuses it joins. */
const moves: Record<ProposalStatus, Partial<Record<ProposalStatus, readonly LifecycleRole[]>>> = {
  // Opening a vote: a contact person, or an author when the forum's rules say so (see `canMove`).
  draft: { voting: ['contactPerson', 'author'], withdrawn: ['author'] },
  // The outcome is the tally's, never a person's: closing early asks the server to count.
  voting: { adopted: ['system'], not_adopted: ['system'] },
  adopted: { escalated: ['author', 'contactPerson'] },
  // Another round on a new text.
  not_adopted: { draft: ['author', 'contactPerson'] },
  escalated: { answered: ['system', 'staff'] },
  // The municipality has said its last word (or the forum considers it done).
  answered: { closed: ['staff', 'contactPerson'] },
  closed: {},
  withdrawn: {},
};

/** The statuses a proposal can move to from `from`, whoever asks. */
export function nextStatuses(from: ProposalStatus): ProposalStatus[] {
  return Object.keys(moves[from]) as ProposalStatus[];
}

/** Whether `role` may move a proposal from `from` to `to` under the forum's rules. */
export function canMove(
  from: ProposalStatus,
  to: ProposalStatus,
  roles: readonly LifecycleRole[],
  rules: LifecycleRules,
): boolean {
  const allowed = moves[from][to];
  if (!allowed) return false;
  return roles.some((role) => {
    if (!allowed.includes(role)) return false;
    if (from === 'draft' && to === 'voting' && role === 'author') return rules.authorsMayOpenVotes;
    return true;
  });
}

/** Whether a proposal's text can still change (only a draft is edited). */
export function isEditable(status: ProposalStatus): boolean {
  return status === 'draft';
}
