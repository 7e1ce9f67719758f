import { Module } from '@nestjs/common';
import { EscalationsModule } from '../escalations/escalations.module';
import { PoolsModule } from '../pools/pools.module';
import { GrantsModule } from '../grants/grants.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { VotesModule } from '../votes/votes.module';
import { DemoDecisions } from './demo-decisions';

/** Demo data that needs the running services (the people and places are seeded with the schema). */
@Module({
  imports: [ProposalsModule, VotesModule, EscalationsModule, PoolsModule, GrantsModule],
  providers: [DemoDecisions],
  exports: [DemoDecisions],
})
export class DemoModule {}
