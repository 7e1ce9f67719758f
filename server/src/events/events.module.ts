import { Module } from '@nestjs/common';
import { DomainEventBus } from './domain-event-bus';
import { ForumEventLog } from './forum-event-log';
import { ForumEventOutbox } from './forum-event-outbox';

/**
 * What domain modules use to announce changes: the numbered forum event
 * outbox and the domain event bus. It knows no listener; realtime,
 * collaboration and notifications import it to listen.
 */
@Module({
  providers: [DomainEventBus, ForumEventLog, ForumEventOutbox],
  exports: [DomainEventBus, ForumEventLog, ForumEventOutbox],
})
export class EventsModule {}
