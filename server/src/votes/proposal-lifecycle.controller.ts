import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LifecycleMoveBody, ProposalLifecycle, ProposalTimeline, Uuid } from '@lokalforum/protocol';
import {
  type Principal,
  CurrentPrincipal,
  OptionalPrincipal,
  RequireSignIn,
} from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { ProposalLifecycleService } from './proposal-lifecycle.service';

@ApiTags('proposals')
@Controller('proposals/:id')
export class ProposalLifecycleController {
  constructor(private readonly lifecycle: ProposalLifecycleService) {}

  @Get('lifecycle')
  @ZodResponse(200, ProposalLifecycle, 'The status and what the person asking may do with it')
  get(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.lifecycle.lifecycle(id, viewer);
  }

  @Post('withdraw')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, ProposalLifecycle, 'Withdrawn by an author (drafts only)')
  withdraw(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(LifecycleMoveBody.optional()) body: LifecycleMoveBody | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.lifecycle.withdraw(id, principal, body?.reason ?? null);
  }

  @Post('redraft')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, ProposalLifecycle, 'A proposal that was not adopted is a draft again')
  redraft(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(LifecycleMoveBody.optional()) body: LifecycleMoveBody | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.lifecycle.redraft(id, principal, body?.reason ?? null);
  }

  @Get('timeline')
  @ZodResponse(200, ProposalTimeline, 'Every step, oldest first, with who, when and why')
  timeline(@ZodParam('id', Uuid) id: string) {
    return this.lifecycle.publicTimeline(id);
  }
}
