import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DebatesModule } from '../debates/debates.module';
import { ForumsModule } from '../forums/forums.module';
import { ModerationModule } from '../moderation/moderation.module';
import { PeopleModule } from '../people/people.module';
import { ForumCommands } from './forum-commands';
import { ForumGateway } from './forum.gateway';
import { HandshakeAuth } from './handshake-auth';
import { PresenceTracker } from './presence';
import { RealtimeCoreModule } from './realtime-core.module';
import { RealtimeRedis } from './realtime-redis';

/** The Socket.IO endpoint: forum rooms, presence, personal rooms, client commands. */
@Module({
  imports: [
    AuthModule,
    ForumsModule,
    PeopleModule,
    DebatesModule,
    ModerationModule,
    RealtimeCoreModule,
  ],
  providers: [ForumGateway, ForumCommands, HandshakeAuth, PresenceTracker, RealtimeRedis],
})
export class RealtimeModule {}
