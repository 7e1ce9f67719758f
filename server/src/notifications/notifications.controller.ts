import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  MarkNotificationsReadBody,
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  UnreadCount,
  UnsubscribeInfo,
  UnsubscribeQuery,
  UnsubscribeResult,
} from '@lokalforum/protocol';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ZodBody, ZodQueries, ZodResponse } from '../common/zod-validation';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsService } from './notifications.service';
import { UnsubscribeTokens } from './unsubscribe-tokens';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  @Get()
  @RequireSignIn()
  @ZodResponse(200, NotificationPage, 'Own notifications, newest first, with the unread count')
  list(
    @ZodQueries(NotificationListQuery) query: { cursor?: string; limit?: number },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.notifications.list(principal.userId, query.cursor, query.limit);
  }

  @Post('read')
  @RequireSignIn()
  @HttpCode(200)
  @ZodResponse(200, UnreadCount, 'Marked read; the unread count left (other tabs hear it live)')
  async read(
    @ZodBody(MarkNotificationsReadBody) body: MarkNotificationsReadBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { unreadCount: await this.notifications.markRead(principal.userId, body) };
  }

  @Get('preferences')
  @RequireSignIn()
  @ZodResponse(200, NotificationPreferences, 'Per kind: immediate, digest or off; mail language')
  getPreferences(@CurrentPrincipal() principal: Principal) {
    return this.preferences.get(principal.userId);
  }

  @Put('preferences')
  @RequireSignIn()
  @ZodResponse(200, NotificationPreferences, 'Every choice replaced')
  putPreferences(
    @ZodBody(NotificationPreferences) body: NotificationPreferences,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.preferences.put(principal.userId, body);
  }

  @Get('unsubscribe')
  @ZodResponse(200, UnsubscribeInfo, 'What the e-mailed link turns off; changes nothing')
  async unsubscribeInfo(@ZodQueries(UnsubscribeQuery) query: { token: string }) {
    const claim = await this.claim(query.token);
    const { language } = await this.preferences.get(claim.userId);
    return { scope: claim.scope, language };
  }

  /**
   * One-click unsubscribe (RFC 8058): mail clients POST here with
   * `List-Unsubscribe=One-Click`; no sign-in, the signed token is the proof.
   */
  @Post('unsubscribe')
  @HttpCode(200)
  @ZodResponse(200, UnsubscribeResult, 'Turned off')
  async unsubscribe(@ZodQueries(UnsubscribeQuery) query: { token: string }) {
    const claim = await this.claim(query.token);
    const prefs = await this.preferences.unsubscribe(claim.userId, claim.scope);
    return { scope: claim.scope, language: prefs.language, kinds: prefs.kinds };
  }

  private async claim(token: string) {
    const claim = await this.tokens.verify(token);
    if (!claim) throw new DomainError(400, 'invalid_token', 'Linket til afmelding er ugyldigt');
    return claim;
  }
}
