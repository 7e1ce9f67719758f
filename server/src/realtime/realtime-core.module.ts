import { Module } from '@nestjs/common';
import { ForumEventLog } from './forum-event-log';
import { RealtimeHub } from './realtime-hub';
import { RealtimePublisher } from './realtime-publisher';

/**
 * The part of realtime domain modules may import: the publisher and the event
 * log behind it. The gateway lives in RealtimeModule, which imports the domains.
 */
@Module({
  providers: [ForumEventLog, RealtimeHub, RealtimePublisher],
  exports: [RealtimePublisher, RealtimeHub],
})
export class RealtimeCoreModule {}
