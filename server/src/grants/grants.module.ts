import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ForumsModule } from '../forums/forums.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { AnnualGrants } from './annual-grants';
import { GrantCommitments } from './grant-commitments';
import { GrantLedger } from './grant-ledger';
import { GrantPolicy } from './grant.policy';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

/** The area grant: each forum's ledger, its yearly grant, and commitments of adopted amounts. */
@Module({
  imports: [EventsModule, ForumsModule, ProposalsModule],
  controllers: [GrantsController],
  providers: [GrantsService, GrantLedger, GrantCommitments, GrantPolicy, AnnualGrants],
  exports: [GrantsService, GrantCommitments, AnnualGrants],
})
export class GrantsModule {}
