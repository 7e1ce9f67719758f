import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  BudgetYear,
  ForumBudget,
  RecordPaymentBody,
  ReleaseCommitmentBody,
  Slug,
  Uuid,
} from '@lokalforum/protocol';
import {
  type Principal,
  CurrentPrincipal,
  OptionalPrincipal,
  RequireSignIn,
} from '../auth/principal';
import { ZodBody, ZodParam, ZodQueries, ZodResponse } from '../common/zod-validation';
import { GrantsService } from './grants.service';

@ApiTags('grants')
@Controller()
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get('forums/:slug/budget')
  @ZodResponse(
    200,
    ForumBudget,
    'The forum’s grant for a year (default: this year on Danish clocks), what was carried ' +
      'over, committed and spent, and every ledger entry; public',
  )
  budget(
    @ZodParam('slug', Slug) slug: string,
    @ZodQueries({ year: BudgetYear.optional() }) query: { year?: number },
    @OptionalPrincipal() viewer: Principal | null,
  ) {
    return this.grants.budget(slug, query.year, viewer);
  }

  @Post('proposals/:id/grant-commitment')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    ForumBudget,
    'Commits the adopted version’s amount (adoption does this by itself; this retries a ' +
      'refusal). By a contact person or an administrator (else 403); 409 when not adopted, ' +
      'already committed, or when the available balance does not cover it.',
  )
  commit(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.grants.commitProposal(id, principal);
  }

  @Post('grant-commitments/:id/payments')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    ForumBudget,
    'An actual payment against a commitment; by a contact person or an administrator ' +
      '(else 403); 409 beyond what is outstanding or when the same requestId was sent before.',
  )
  pay(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RecordPaymentBody) body: RecordPaymentBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.grants.recordPayment(id, principal, body);
  }

  @Post('grant-commitments/:id/release')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    ForumBudget,
    'Releases what the commitment has outstanding back to the grant; by a contact person ' +
      'or an administrator (else 403); 409 when nothing is outstanding.',
  )
  release(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ReleaseCommitmentBody) body: ReleaseCommitmentBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.grants.release(id, principal, body);
  }
}
