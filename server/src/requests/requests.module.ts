import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { StaffModule } from '../staff/staff.module';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

/** Requests (henvendelser): private threads with staff, partners and contact persons. */
@Module({
  imports: [EventsModule, StaffModule],
  controllers: [RequestsController],
  providers: [RequestsService],
})
export class RequestsModule {}
