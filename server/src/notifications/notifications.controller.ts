import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Notification } from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodResponse } from '../common/zod-validation';
import { NotificationsService } from './notifications.service';

@ApiTags('me')
@Controller('me/notifications')
@RequireSignIn()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ZodResponse(
    200,
    z.array(Notification),
    'The signed-in person’s latest notifications, newest first',
  )
  list(@CurrentPrincipal() principal: Principal) {
    return this.notifications.listFor(principal.userId);
  }
}
