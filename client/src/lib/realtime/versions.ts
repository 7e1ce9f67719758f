import type { ProposalVersionSummary } from '@lokalforum/protocol';

/**
 * A proposal's versions as its page shows them: what the server rendered
 * plus what arrived live (`proposal.versionFrozen`), oldest first, each
 * number once. A version never changes once frozen, so either copy will do.
 */
export function mergeVersions(
  proposalId: string,
  ...lists: readonly (readonly ProposalVersionSummary[])[]
): ProposalVersionSummary[] {
  const byNumber = new Map<number, ProposalVersionSummary>();
  for (const list of lists) {
    for (const version of list) {
      if (version.proposalId === proposalId && !byNumber.has(version.number)) {
        byNumber.set(version.number, version);
      }
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}
