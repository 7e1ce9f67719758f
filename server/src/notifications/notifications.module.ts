import { Module } from '@nestjs/common';
import { RealtimeCoreModule } from '../realtime/realtime-core.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Personal notifications (for now: your post was hidden), live and listed. */
@Module({
  imports: [RealtimeCoreModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
