import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CloseReason, Tally, TimelineActor } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import { ProposalTimelineService, SYSTEM_ACTOR } from '../proposals/proposal-timeline';
import { ProposalsService } from '../proposals/proposals.service';
import { voteOutcome } from './vote-outcome';
import { toTally, voteRow } from './vote-rows';

/**
 * Closing a vote, whoever asks (its deadline, a contact person, every
 * eligible member having voted): the outcome from its ballots, the proposal
 * adopted or not, the timeline, the room, and `vote.closed` for the rest.
 */
@Injectable()
export class VoteCloser {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly timeline: ProposalTimelineService,
    private readonly outbox: ForumEventOutbox,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Closes a vote and moves its proposal to adopted or not adopted, once:
   * the vote row is locked, so of two closes at once (the deadline job and
   * an early close, or two nodes) one counts and the other gets null. A
   * deadline close before the deadline does nothing either.
   */
  async close(voteId: string, reason: CloseReason, actor: TimelineActor): Promise<Tally | null> {
    const done = await this.db.transaction(async (tx) => {
      // Ballots being cast hold the row FOR KEY SHARE: this waits for them and then counts them all.
      const [locked] = await tx.query<{ due: boolean; closed: boolean; proposal_id: string }[]>(
        `SELECT closes_at <= now() AS due, closed_at IS NOT NULL AS closed, proposal_id
           FROM votes WHERE id = $1 FOR UPDATE`,
        [voteId],
      );
      if (!locked || locked.closed || (reason === 'deadline' && !locked.due)) return null;
      const before = await voteRow(voteId, tx);
      const outcome = voteOutcome(
        { yes: before.yes, no: before.no, abstain: before.abstain },
        { quorum: before.quorum, majority: before.majority },
      );
      await tx.query(
        `UPDATE votes SET closed_at = now(), closed_by = $2, close_reason = $3, outcome = $4,
                          eligible_at_close = $5
          WHERE id = $1`,
        [voteId, actor.userId, reason, outcome, before.eligible],
      );
      const moved = await this.proposals.move(tx, before.proposal_id, outcome, {
        actor: SYSTEM_ACTOR,
        expected: ['voting'],
      });
      await this.timeline.record(tx, {
        proposalId: before.proposal_id,
        kind: 'voteClosed',
        actor,
        data: { voteId, outcome, reason, yes: before.yes, no: before.no, abstain: before.abstain },
      });
      const tally = toTally(await voteRow(voteId, tx));
      const forum = { id: before.forum_id, slug: before.forum_slug };
      const event = await this.outbox.record(
        tx,
        forum,
        'vote.closed',
        { tally },
        before.proposal_id,
      );
      return { moved, event, tally, outcome, counts: before };
    });
    if (!done) return null;
    done.moved.announce();
    this.outbox.publish(done.event);
    this.events.publish('vote.closed', {
      voteId,
      proposalId: done.counts.proposal_id,
      forumId: done.counts.forum_id,
      outcome: done.outcome,
      yes: done.counts.yes,
      no: done.counts.no,
      abstain: done.counts.abstain,
    });
    return done.tally;
  }
}
