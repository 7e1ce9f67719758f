import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { CollabAccessWatcher } from './collab-access';
import { CollabConnectionLimits } from './collab-connection-limits';
import { COLLAB_HOOKS } from './collab-hooks';
import { CollabRelay } from './collab-relay';
import { CollabUpgrade } from './collab-upgrade';
import { CollabService } from './collab.service';
import { ProposalCollabHooks } from './proposal-collab-hooks';

/** Live co-editing: the /collab WebSocket endpoint (y-websocket protocol) for proposal documents. */
@Module({
  imports: [AuthModule, EventsModule, ProposalsModule],
  providers: [
    CollabService,
    CollabConnectionLimits,
    CollabRelay,
    CollabUpgrade,
    CollabAccessWatcher,
    { provide: COLLAB_HOOKS, useClass: ProposalCollabHooks },
  ],
  exports: [CollabService],
})
export class CollabModule {}
