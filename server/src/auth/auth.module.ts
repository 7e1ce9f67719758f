import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { PeopleModule } from '../people/people.module';
import { User } from '../people/user.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsResolver } from './credentials';
import { MagicLink } from './magic-link.entity';
import { Session } from './session.entity';
import { SessionGuard } from './session-guard';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Session, MagicLink, User]),
    PeopleModule,
    MailModule,
    EventsModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    CredentialsResolver,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SessionsService, CredentialsResolver],
})
export class AuthModule {}
