import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DebatesModule } from '../debates/debates.module';
import { ForumsModule } from '../forums/forums.module';
import { EventsModule } from '../events/events.module';
import { ModerationModule } from '../moderation/moderation.module';
import { PeopleModule } from '../people/people.module';
import { ConnectionLimits } from './connection-limits';
import { ForumCommands } from './forum-commands';
import { ForumGateway } from './forum.gateway';
import { HandshakeAuth } from './handshake-auth';
import { PresenceTracker } from './presence';
import { RealtimeHub } from './realtime-hub';
import { RealtimeRedis } from './realtime-redis';
import { SocketAccess } from './socket-access';

/** The Socket.IO endpoint: forum rooms, presence, personal rooms, client commands. */
@Module({
  imports: [AuthModule, ForumsModule, PeopleModule, DebatesModule, ModerationModule, EventsModule],
  providers: [
    ForumGateway,
    ForumCommands,
    HandshakeAuth,
    ConnectionLimits,
    PresenceTracker,
    RealtimeHub,
    RealtimeRedis,
    SocketAccess,
  ],
})
export class RealtimeModule {}
