import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Ballot, BallotChoice, CastBallotBody, MyBallot } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, forbidden } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumPolicy, votesIn } from '../forums/forum-policy';
import { ProposalsService } from '../proposals/proposals.service';
import { ELIGIBLE_MEMBERS } from './vote-rows';

interface BallotRow {
  vote_id: string;
  version_number: number;
  text_sha256: string;
  choice: BallotChoice;
  speaks_for: string | null;
  cast_at: Date;
  changed_at: Date;
}

/**
 * Ballots (stemmesedler): one per member and vote, changeable until the vote
 * closes. Casting is one statement: the open vote is read FOR KEY SHARE (so a
 * close waits for ballots in flight and counts them), eligibility is part of
 * the same INSERT, and a second ballot from the same member updates the first
 * (the primary key is (vote, member)).
 */
@Injectable()
export class BallotBox {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly policy: ForumPolicy,
    private readonly events: DomainEventBus,
    private readonly limiter: RateLimiter,
  ) {}

  async cast(proposalId: string, principal: Principal, body: CastBallotBody): Promise<Ballot> {
    await this.limiter.consume(rateRules.ballot, principal.userId);
    // FOR KEY SHARE is the lock the ballot's foreign key takes anyway; a close's FOR UPDATE waits for it.
    const rows = await this.db.query<(BallotRow & { forum_id: string })[]>(
      `WITH v AS (
         SELECT id, forum_id, opened_at, members_before_vote_only, version_number
           FROM votes WHERE proposal_id = $1 AND closed_at IS NULL FOR KEY SHARE),
       cast_ballot AS (
         INSERT INTO ballots (vote_id, user_id, choice, speaks_for)
         SELECT v.id, $2, $3, $4 FROM v WHERE $2 IN (${ELIGIBLE_MEMBERS})
         ON CONFLICT (vote_id, user_id) DO UPDATE
           SET choice = EXCLUDED.choice, speaks_for = EXCLUDED.speaks_for, changed_at = now()
         RETURNING vote_id, choice, speaks_for, cast_at, changed_at)
       SELECT b.*, v.version_number, v.forum_id, pv.text_sha256
         FROM cast_ballot b JOIN v ON v.id = b.vote_id
         JOIN proposal_versions pv ON pv.proposal_id = $1 AND pv.number = v.version_number`,
      [proposalId, principal.userId, body.choice, body.speaksFor ?? null],
    );
    const row = rows[0];
    if (!row) throw await this.refusal(proposalId, principal);
    this.events.publish('ballot.cast', {
      voteId: row.vote_id,
      proposalId,
      forumId: row.forum_id,
      userId: principal.userId,
    });
    return toBallot(row);
  }

  /** The asker's own ballot in the proposal's latest vote (nobody else's is ever shown). */
  async mine(proposalId: string, principal: Principal): Promise<MyBallot> {
    const proposal = await this.proposals.get(proposalId);
    const [vote] = await this.db.query<
      { id: string; opened_at: Date; members_before_vote_only: boolean; open: boolean }[]
    >(
      `SELECT id, opened_at, members_before_vote_only, closed_at IS NULL AS open
         FROM votes WHERE proposal_id = $1 ORDER BY opened_at DESC LIMIT 1`,
      [proposalId],
    );
    if (!vote) return { ballot: null, eligible: false };
    const [rows, roles] = await Promise.all([
      this.db.query<BallotRow[]>(
        `SELECT b.vote_id, b.choice, b.speaks_for, b.cast_at, b.changed_at, v.version_number,
                pv.text_sha256
           FROM ballots b JOIN votes v ON v.id = b.vote_id
           JOIN proposal_versions pv ON pv.proposal_id = v.proposal_id AND pv.number = v.version_number
          WHERE b.vote_id = $1 AND b.user_id = $2`,
        [vote.id, principal.userId],
      ),
      this.policy.roles(principal, proposal.forumId),
    ]);
    return {
      ballot: rows[0] ? toBallot(rows[0]) : null,
      eligible:
        vote.open &&
        votesIn(roles, {
          openedAt: vote.opened_at,
          membersBeforeVoteOnly: vote.members_before_vote_only,
        }),
    };
  }

  /** Says why nothing was written: no such proposal, no open vote, or the person may not vote. */
  private async refusal(proposalId: string, principal: Principal) {
    const { forumId } = await this.proposals.get(proposalId);
    const [vote] = await this.db.query<
      { opened_at: Date; members_before_vote_only: boolean; open: boolean }[]
    >(
      `SELECT opened_at, members_before_vote_only, closed_at IS NULL AS open
         FROM votes WHERE proposal_id = $1 ORDER BY opened_at DESC LIMIT 1`,
      [proposalId],
    );
    if (!vote) return conflict('Forslaget er ikke til afstemning');
    if (!vote.open) return conflict('Afstemningen er lukket; stemmer kan ikke længere afgives');
    const roles = await this.policy.roles(principal, forumId);
    if (!roles.isMember) return forbidden('Kun medlemmer af lokalforummet kan stemme');
    return forbidden(
      'Kun medlemmer, der meldte sig ind før afstemningen åbnede, kan stemme (lokalforummets regel)',
    );
  }
}

function toBallot(row: BallotRow): Ballot {
  return {
    voteId: row.vote_id,
    versionNumber: row.version_number,
    textSha256: row.text_sha256,
    choice: row.choice,
    speaksFor: row.speaks_for,
    castAt: row.cast_at.toISOString(),
    changedAt: row.changed_at.toISOString(),
  };
}
