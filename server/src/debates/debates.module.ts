import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { EventsModule } from '../events/events.module';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { DebateStore } from './debate-store';
import { DebatePolicy } from './debate.policy';
import { DebatesController } from './debates.controller';
import { DebatesService } from './debates.service';
import { PostingLimits } from './posting-limits';

/** Open debate threads of the lokalfora, with comments and one level of replies. */
@Module({
  imports: [ForumsModule, EventsModule],
  controllers: [DebatesController, CommentsController],
  providers: [DebatesService, CommentsService, DebatePolicy, DebateStore, PostingLimits],
  exports: [DebatesService, CommentsService, DebatePolicy, DebateStore],
})
export class DebatesModule {}
