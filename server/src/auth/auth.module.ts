import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { PeopleModule } from '../people/people.module';
import { User } from '../people/user.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MagicLink } from './magic-link.entity';
import { Session } from './session.entity';
import { SessionGuard } from './session-guard';
import { SessionsService } from './sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Session, MagicLink, User]), PeopleModule, MailModule],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [SessionsService],
})
export class AuthModule {}
