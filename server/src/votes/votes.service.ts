import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type OpenVoteBody, type Tally, VOTING_DAYS_MAX } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { DomainEventBus } from '../events/domain-event-bus';
import type { ForumRef } from '../events/domain-events';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import { closesVotes, ForumPolicy, opensVotes } from '../forums/forum-policy';
import { ForumRulesService } from '../forums/forum-rules.service';
import { JobQueue } from '../jobs/job-queue';
import { ProposalTimelineService } from '../proposals/proposal-timeline';
import { ProposalVersionsService } from '../proposals/proposal-versions.service';
import { ProposalsService } from '../proposals/proposals.service';
import { toTally, type VoteRow, voteRow, voteRows } from './vote-rows';
import { actorOf } from './actor';
import { VoteCloser } from './vote-closer';

/** The queue whose jobs close a vote at its deadline (data: `{ voteId }`). */
export const VOTE_CLOSE_JOB = 'vote-close';
const DAY_MS = 86_400_000;

/**
 * Votes (afstemninger) on a proposal's frozen text: opening one, closing it
 * early (a contact person; `VoteCloser` does the closing), and reading tallies.
 */
@Injectable()
export class VotesService {
  private readonly logger = new Logger('Votes');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly versions: ProposalVersionsService,
    private readonly policy: ForumPolicy,
    private readonly rules: ForumRulesService,
    private readonly timeline: ProposalTimelineService,
    private readonly outbox: ForumEventOutbox,
    private readonly events: DomainEventBus,
    private readonly jobs: JobQueue,
    private readonly closer: VoteCloser,
  ) {}

  /**
   * Opens a vote in one transaction: the text frozen as a version (or the
   * latest one, when the text is the same), the vote with the forum's rules
   * as they are now, the proposal moved to `voting` (open editors become
   * readers within a second once it is announced), and the timeline entry.
   */
  async open(proposalId: string, principal: Principal, body: OpenVoteBody): Promise<Tally> {
    const proposal = await this.proposals.get(proposalId);
    const [roles, rules, isAuthor] = await Promise.all([
      this.policy.roles(principal, proposal.forumId),
      this.rules.of(proposal.forumId),
      this.isAuthor(proposalId, principal.userId),
    ]);
    if (!opensVotes(roles, rules, isAuthor)) {
      throw forbidden(
        rules.authorsMayOpenVotes
          ? 'Kun lokalforummets kontaktpersoner og forslagets forfattere kan åbne en afstemning'
          : 'Kun lokalforummets kontaktpersoner kan åbne en afstemning',
      );
    }
    if (proposal.status !== 'draft') {
      throw conflict(
        proposal.status === 'voting'
          ? 'Der er allerede en åben afstemning om forslaget'
          : 'Kun en kladde kan sendes til afstemning',
      );
    }
    const closesAt = deadline(body.closesAt, rules.votingDays);
    const actor = actorOf(principal, roles);
    const { voteId, moved, event, frozen } = await this.db.transaction(async (tx) => {
      const version = await this.versions.freezeForVote(tx, proposalId, principal.userId);
      const moved = await this.proposals.move(tx, proposalId, 'voting', {
        actor,
        expected: ['draft'],
      });
      const [{ id: voteId }] = await tx.query<[{ id: string }]>(
        `INSERT INTO votes (proposal_id, forum_id, version_number, opened_by, closes_at, quorum,
                            majority, tally_visibility, members_before_vote_only)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          proposalId,
          proposal.forumId,
          version.number,
          principal.userId,
          closesAt,
          rules.quorum,
          rules.majority,
          rules.tallyVisibility,
          rules.membersBeforeVoteOnly,
        ],
      );
      await this.timeline.record(tx, {
        proposalId,
        kind: 'voteOpened',
        actor,
        data: {
          voteId,
          versionNumber: version.number,
          textSha256: version.textSha256,
          closesAt: closesAt.toISOString(),
        },
      });
      const tally = await this.tallyOf(voteId, tx);
      const forum = { id: proposal.forumId, slug: moved.proposal.forumSlug };
      const event = await this.outbox.record(tx, forum, 'vote.opened', { tally }, proposalId);
      return { voteId, moved, event, frozen: version.frozen };
    });
    moved.announce();
    // The new version (if the text changed since the last one) first, then the vote on it.
    if (frozen) this.outbox.publish(frozen);
    this.outbox.publish(event);
    this.events.publish('vote.opened', {
      voteId,
      proposalId,
      forumId: proposal.forumId,
      versionNumber: event.event.tally.versionNumber,
      closesAt: closesAt.toISOString(),
    });
    // The vote is open whatever happens here: should queueing fail, the sweep closes it on time.
    await this.jobs
      .send(VOTE_CLOSE_JOB, { voteId }, { startAfter: closesAt, singletonKey: voteId })
      .catch((err: unknown) =>
        this.logger.error(`Queueing the close of vote ${voteId} failed`, err),
      );
    return event.event.tally;
  }

  /** A contact person closes the running vote before its deadline. */
  async closeEarly(proposalId: string, principal: Principal): Promise<Tally> {
    const proposal = await this.proposals.get(proposalId);
    const roles = await this.policy.roles(principal, proposal.forumId);
    if (!closesVotes(roles)) {
      throw forbidden('Kun lokalforummets kontaktpersoner kan lukke en afstemning før tid');
    }
    const vote = await this.latestVote(proposalId);
    if (!vote?.open) throw conflict('Der er ingen åben afstemning om forslaget');
    const closed = await this.closer.close(vote.voteId, 'early', actorOf(principal, roles));
    if (!closed) throw conflict('Afstemningen er allerede lukket');
    return closed;
  }

  /** The tally of the proposal's latest vote; 404 when it never had one. */
  async tally(proposalId: string): Promise<Tally> {
    await this.proposals.get(proposalId);
    const tally = await this.latestVote(proposalId);
    if (!tally) throw notFound('Forslaget har ikke været til afstemning');
    return tally;
  }

  /** Every vote the proposal has had, oldest first (a not-adopted proposal can have several). */
  async list(proposalId: string): Promise<Tally[]> {
    await this.proposals.get(proposalId);
    const rows = await this.db.query<VoteRow[]>(
      `${voteRows('v.proposal_id = $1')} ORDER BY v.opened_at`,
      [proposalId],
    );
    return rows.map(toTally);
  }

  /** The latest vote's tally, or null. */
  async latestVote(proposalId: string, tx: EntityManager = this.db.manager): Promise<Tally | null> {
    const rows = await tx.query<VoteRow[]>(
      `${voteRows('v.proposal_id = $1')} ORDER BY v.opened_at DESC LIMIT 1`,
      [proposalId],
    );
    return rows[0] ? toTally(rows[0]) : null;
  }

  async tallyOf(voteId: string, tx: EntityManager = this.db.manager): Promise<Tally> {
    return toTally(await voteRow(voteId, tx));
  }

  /** The tally counted now, with the forum whose room shows it. */
  async counted(voteId: string): Promise<{ tally: Tally; forum: ForumRef }> {
    const row = await voteRow(voteId, this.db.manager);
    return { tally: toTally(row), forum: { id: row.forum_id, slug: row.forum_slug } };
  }

  /** Open votes whose deadline has passed (closed at boot: the server may have been down). */
  async overdue(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM votes WHERE closed_at IS NULL AND closes_at <= now() ORDER BY closes_at`,
    );
    return rows.map((r) => r.id);
  }

  /** Every open vote with its deadline, for re-queuing close jobs at boot. */
  async running(): Promise<{ id: string; closesAt: Date }[]> {
    const rows = await this.db.query<{ id: string; closes_at: Date }[]>(
      `SELECT id, closes_at FROM votes WHERE closed_at IS NULL`,
    );
    return rows.map((r) => ({ id: r.id, closesAt: r.closes_at }));
  }

  private async isAuthor(proposalId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM proposal_authors WHERE proposal_id = $1 AND user_id = $2`,
      [proposalId, userId],
    );
    return rows.length > 0;
  }
}

/** When a vote opened now closes: as asked (in the future, within 60 days) or after the forum's period. */
function deadline(closesAt: string | undefined, votingDays: number): Date {
  const now = Date.now();
  if (closesAt === undefined) return new Date(now + votingDays * DAY_MS);
  const at = new Date(closesAt);
  const problem =
    at.getTime() <= now
      ? 'Afstemningen skal slutte i fremtiden'
      : at.getTime() > now + VOTING_DAYS_MAX * DAY_MS
        ? `En afstemning kan højst vare ${VOTING_DAYS_MAX} dage`
        : null;
  if (problem) {
    throw new DomainError(400, 'validation_failed', problem, [
      { path: 'closesAt', message: problem },
    ]);
  }
  return at;
}
