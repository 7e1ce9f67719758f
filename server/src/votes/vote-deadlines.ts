import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { SYSTEM_ACTOR } from '../proposals/proposal-timeline';
import { VoteCloser } from './vote-closer';
import { VOTE_CLOSE_JOB, VotesService } from './votes.service';

/** Every minute, once across all nodes: closes what a lost job would have left open. */
const VOTE_SWEEP_JOB = 'vote-sweep';

/**
 * Closes votes at their deadline through persistent jobs (pg-boss in
 * PostgreSQL, one per vote, keyed by its id), so a deadline that passes
 * while every server is down closes the vote as soon as one is up again: at
 * boot every overdue vote is closed before anything else, and the others
 * have their jobs queued again (a no-op when they are still there).
 */
@Injectable()
export class VoteDeadlines implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('VoteDeadlines');

  constructor(
    private readonly votes: VotesService,
    private readonly closer: VoteCloser,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ voteId: string }>(VOTE_CLOSE_JOB, ({ voteId }) => this.closeDue(voteId), {
      oneQueuedPerKey: true,
    });
    this.jobs.register(VOTE_SWEEP_JOB, () => this.closeOverdue(), {
      runs: { kind: 'every', seconds: 60 },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.closeOverdue().catch((err: unknown) =>
      this.logger.error('Closing overdue votes at boot failed', err),
    );
    // The queue starts in its own bootstrap hook: these wait for it, without holding boot.
    void this.requeue().catch((err: unknown) =>
      this.logger.error('Queueing vote deadlines failed', err),
    );
  }

  private async closeDue(voteId: string): Promise<void> {
    await this.closer.close(voteId, 'deadline', SYSTEM_ACTOR);
  }

  private async closeOverdue(): Promise<void> {
    for (const voteId of await this.votes.overdue()) await this.closeDue(voteId);
  }

  private async requeue(): Promise<void> {
    for (const { id, closesAt } of await this.votes.running()) {
      await this.jobs.send(
        VOTE_CLOSE_JOB,
        { voteId: id },
        { startAfter: closesAt, singletonKey: id },
      );
    }
  }
}
