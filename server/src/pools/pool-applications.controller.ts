import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  DeclineBody,
  EmptyStepBody,
  GrantBody,
  PoolApplication,
  ProposalApplications,
  ReportBody,
  Uuid,
} from '@lokalforum/protocol';
import {
  type Principal,
  CurrentPrincipal,
  OptionalPrincipal,
  RequireSignIn,
} from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { PoolApplicationsService } from './pool-applications.service';

const STAFF = 'By the area’s fælles-skaber, a process consultant or an administrator (else 403)';
const ORDER = '409 when the application is not at the step before';

@ApiTags('pools')
@Controller()
export class PoolApplicationsController {
  constructor(private readonly applications: PoolApplicationsService) {}

  @Get('proposals/:id/applications')
  @ZodResponse(
    200,
    ProposalApplications,
    'The proposal’s applications, the adopted text an application starts from, and whether the reader may apply; public',
  )
  ofProposal(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.applications.ofProposal(id, viewer);
  }

  @Get('applications/:id')
  @ZodResponse(200, PoolApplication, 'Public (municipal money); `mayTake` lists the reader’s steps')
  get(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.applications.get(id, viewer);
  }

  @Post('applications/:id/review')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, PoolApplication, `received → under review. ${STAFF}; ${ORDER}`)
  review(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(EmptyStepBody) _body: object,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.step(id, principal, { step: 'review' });
  }

  @Post('applications/:id/grant')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(
    200,
    PoolApplication,
    `under review → granted, at most the amount asked for (else 400). ${STAFF}; ${ORDER}`,
  )
  grant(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(GrantBody) body: GrantBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.step(id, principal, { step: 'grant', ...body });
  }

  @Post('applications/:id/decline')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, PoolApplication, `under review → declined, with reasons. ${STAFF}; ${ORDER}`)
  decline(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(DeclineBody) body: DeclineBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.step(id, principal, { step: 'decline', ...body });
  }

  @Post('applications/:id/pay')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, PoolApplication, `granted → paid. ${STAFF}; ${ORDER}`)
  pay(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(EmptyStepBody) _body: object,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.step(id, principal, { step: 'pay' });
  }

  @Post('applications/:id/report')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(
    200,
    PoolApplication,
    `paid → reported back: what came of it. By an author or a contact person (else 403); ${ORDER}`,
  )
  report(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ReportBody) body: ReportBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.step(id, principal, { step: 'report', ...body });
  }
}
