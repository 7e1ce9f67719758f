import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { EventsModule } from '../events/events.module';
import { ProposalDocumentStore } from './proposal-document.store';
import { ProposalPolicy } from './proposal.policy';
import { ProposalTimelineService } from './proposal-timeline';
import { ProposalVersionsController } from './proposal-versions.controller';
import { ProposalVersionsService } from './proposal-versions.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({
  imports: [ForumsModule, EventsModule],
  controllers: [ProposalsController, ProposalVersionsController],
  providers: [
    ProposalsService,
    ProposalPolicy,
    ProposalDocumentStore,
    ProposalVersionsService,
    ProposalTimelineService,
  ],
  exports: [
    ProposalsService,
    ProposalPolicy,
    ProposalDocumentStore,
    ProposalVersionsService,
    ProposalTimelineService,
  ],
})
export class ProposalsModule {}
