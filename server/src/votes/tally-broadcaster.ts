import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TALLY_COALESCE_MS } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { DomainEventBus } from '../events/domain-event-bus';
import { SYSTEM_ACTOR } from '../proposals/proposal-timeline';
import { Coalescer } from './coalescer';
import { ELIGIBLE_MEMBERS } from './vote-rows';
import { VoteCloser } from './vote-closer';
import { VotesService } from './votes.service';

/**
 * After ballots, on the node that took them: counts the tally again (at most
 * once per vote every TALLY_COALESCE_MS, so 300 ballots at once cost a few
 * counts, not 300) and publishes it for the forum rooms; and closes the vote
 * when every eligible member has voted.
 */
@Injectable()
export class TallyBroadcaster implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Tally');
  private readonly coalescer = new Coalescer(TALLY_COALESCE_MS, (voteId) => this.flush(voteId));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly votes: VotesService,
    private readonly closer: VoteCloser,
    private readonly events: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.events.onLocal('ballot.cast', ({ voteId }) => this.coalescer.touch(voteId));
    this.events.on('vote.closed', ({ voteId }) => this.coalescer.forget(voteId));
  }

  onModuleDestroy(): void {
    this.coalescer.stop();
  }

  private async flush(voteId: string): Promise<void> {
    try {
      const { tally, forum } = await this.votes.counted(voteId);
      if (!tally.open) return;
      this.events.publish('tally.changed', { forum, tally });
      if (tally.eligible > 0 && tally.voted >= tally.eligible && (await this.allVoted(voteId))) {
        await this.closer.close(voteId, 'allVoted', SYSTEM_ACTOR);
      }
    } catch (err) {
      this.logger.error(`Counting vote ${voteId} failed`, err);
    }
  }

  /** Every eligible member has a ballot (someone who voted and left does not make up for another). */
  private async allVoted(voteId: string): Promise<boolean> {
    const [row] = await this.db.query<[{ all: boolean }]>(
      `SELECT NOT EXISTS (
         SELECT 1 FROM (${ELIGIBLE_MEMBERS}) e
          WHERE NOT EXISTS (SELECT 1 FROM ballots b WHERE b.vote_id = v.id AND b.user_id = e.user_id)
       ) AS all
         FROM votes v WHERE v.id = $1 AND v.closed_at IS NULL`,
      [voteId],
    );
    return row?.all ?? false;
  }
}
