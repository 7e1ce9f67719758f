import { Module } from '@nestjs/common';
import { DebatesModule } from '../debates/debates.module';
import { ForumsModule } from '../forums/forums.module';
import { EventsModule } from '../events/events.module';
import { ModerationController } from './moderation.controller';
import { ModerationQueries } from './moderation-queries';
import { ModerationService } from './moderation.service';

/** Reports, hiding posts, locking threads, and the public moderation log. */
@Module({
  imports: [DebatesModule, ForumsModule, EventsModule],
  controllers: [ModerationController],
  providers: [ModerationService, ModerationQueries],
  exports: [ModerationService],
})
export class ModerationModule {}
