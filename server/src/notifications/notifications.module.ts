import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { EscalationReminders } from './escalation-reminders';
import { MailLinks } from './mail-links';
import { NotificationMailQueue } from './notification-mail-queue';
import { NotificationMailer } from './notification-mailer';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationTriggers } from './notification-triggers';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/**
 * Personal notifications: what happened (domain events) becomes a kind plus
 * data per person, live in their own room, listed, and mailed at once or in
 * the daily digest as each chose.
 */
@Module({
  imports: [EventsModule, MailModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationTriggers,
    NotificationMailQueue,
    NotificationMailer,
    EscalationReminders,
    MailLinks,
    UnsubscribeTokens,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
