import { Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Me, UpdateMeBody } from '@lokalforum/protocol';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodResponse } from '../common/zod-validation';
import { PeopleService } from './people.service';

@ApiTags('me')
@Controller('me')
@RequireSignIn()
export class MeController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ZodResponse(200, Me, 'The signed-in person, their role and memberships')
  me(@CurrentPrincipal() principal: Principal) {
    return this.people.me(principal.userId);
  }

  @Patch()
  @ZodResponse(200, Me)
  update(@ZodBody(UpdateMeBody) body: UpdateMeBody, @CurrentPrincipal() principal: Principal) {
    return this.people.rename(principal.userId, body.name);
  }
}
