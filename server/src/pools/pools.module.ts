import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ForumsModule } from '../forums/forums.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { PoolApplicationsController } from './pool-applications.controller';
import { PoolApplicationsService } from './pool-applications.service';
import { PoolPolicy } from './pool.policy';
import { PoolsController } from './pools.controller';
import { PoolsService } from './pools.service';

/** Municipal pools (puljer) and the applications adopted proposals send them. */
@Module({
  imports: [EventsModule, ForumsModule, ProposalsModule],
  controllers: [PoolsController, PoolApplicationsController],
  providers: [PoolsService, PoolApplicationsService, PoolPolicy],
  exports: [PoolsService, PoolApplicationsService, PoolPolicy],
})
export class PoolsModule {}
