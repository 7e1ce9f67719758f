import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ForumsModule } from '../forums/forums.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { BallotBox } from './ballot-box';
import { ProposalLifecycleController } from './proposal-lifecycle.controller';
import { ProposalLifecycleService } from './proposal-lifecycle.service';
import { TallyBroadcaster } from './tally-broadcaster';
import { VoteCloser } from './vote-closer';
import { VoteDeadlines } from './vote-deadlines';
import { VotesController } from './votes.controller';
import { VotesService } from './votes.service';

/** Votes on frozen texts, ballots, tallies, deadlines, and the proposal's other lifecycle steps. */
@Module({
  imports: [ProposalsModule, ForumsModule, EventsModule],
  controllers: [VotesController, ProposalLifecycleController],
  providers: [
    VotesService,
    VoteCloser,
    BallotBox,
    TallyBroadcaster,
    VoteDeadlines,
    ProposalLifecycleService,
  ],
  exports: [VotesService, VoteCloser, BallotBox, ProposalLifecycleService],
})
export class VotesModule {}
