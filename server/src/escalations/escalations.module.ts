import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { StaffModule } from '../staff/staff.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { EscalationPolicy } from './escalation.policy';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';

/** Escalations of adopted proposals, staff answers and hand-overs, and decisions as open data. */
@Module({
  imports: [EventsModule, ProposalsModule, StaffModule],
  controllers: [EscalationsController, DecisionsController],
  providers: [EscalationsService, EscalationPolicy, DecisionsService],
  exports: [EscalationsService, EscalationPolicy],
})
export class EscalationsModule {}
