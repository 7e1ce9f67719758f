import type { EntityManager } from 'typeorm';
import { notFound } from '../common/domain-error';
import type {
  CloseReason,
  Majority,
  Tally,
  TallyVisibility,
  VoteOutcome,
} from '@lokalforum/protocol';

/** A vote with its forum, frozen version, eligible members and counts from its ballots. */
export interface VoteRow {
  id: string;
  proposal_id: string;
  forum_id: string;
  forum_slug: string;
  version_number: number;
  text_sha256: string;
  opened_at: Date;
  closes_at: Date;
  closed_at: Date | null;
  close_reason: CloseReason | null;
  outcome: VoteOutcome | null;
  quorum: number | null;
  majority: Majority;
  tally_visibility: TallyVisibility;
  members_before_vote_only: boolean;
  eligible: number;
  yes: number;
  no: number;
  abstain: number;
}

/**
 * Members who may vote in `v`: of its forum, and when the rule holds, joined
 * before it opened. The same condition `BallotBox.cast` writes with.
 */
export const ELIGIBLE_MEMBERS = `
  SELECT m.user_id FROM memberships m
   WHERE m.forum_id = v.forum_id AND (NOT v.members_before_vote_only OR m.joined_at < v.opened_at)`;

/** Votes as `VoteRow`s; counts are always derived from the ballots, never stored. */
export const voteRows = (where: string) => `
  SELECT v.id, v.proposal_id, v.forum_id, a.slug AS forum_slug, v.version_number, pv.text_sha256,
         v.opened_at, v.closes_at, v.closed_at, v.close_reason, v.outcome, v.quorum, v.majority,
         v.tally_visibility, v.members_before_vote_only,
         COALESCE(v.eligible_at_close, (SELECT count(*)::int FROM (${ELIGIBLE_MEMBERS}) e)) AS eligible,
         c.yes, c.no, c.abstain
    FROM votes v
    JOIN forums f ON f.id = v.forum_id
    JOIN areas a ON a.id = f.area_id
    JOIN proposal_versions pv ON pv.proposal_id = v.proposal_id AND pv.number = v.version_number
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE b.choice = 'yes')::int AS yes,
             count(*) FILTER (WHERE b.choice = 'no')::int AS no,
             count(*) FILTER (WHERE b.choice = 'abstain')::int AS abstain
        FROM ballots b WHERE b.vote_id = v.id) c
   WHERE ${where}`;

/** One vote as a `VoteRow` (inside `tx` when given); 404 when there is none. */
export async function voteRow(voteId: string, tx: EntityManager): Promise<VoteRow> {
  const [row] = await tx.query<VoteRow[]>(voteRows('v.id = $1'), [voteId]);
  if (!row) throw notFound('Afstemningen findes ikke');
  return row;
}

/** The public tally; with `hiddenUntilClose` only the number who voted shows while it runs. */
export function toTally(row: VoteRow): Tally {
  const open = row.closed_at === null;
  const hidden = open && row.tally_visibility === 'hiddenUntilClose';
  return {
    proposalId: row.proposal_id,
    voteId: row.id,
    versionNumber: row.version_number,
    textSha256: row.text_sha256,
    open,
    openedAt: row.opened_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    closeReason: row.close_reason,
    outcome: row.outcome,
    rules: {
      quorum: row.quorum,
      majority: row.majority,
      tallyVisibility: row.tally_visibility,
      membersBeforeVoteOnly: row.members_before_vote_only,
    },
    eligible: row.eligible,
    voted: row.yes + row.no + row.abstain,
    yes: hidden ? null : row.yes,
    no: hidden ? null : row.no,
    abstain: hidden ? null : row.abstain,
  };
}
