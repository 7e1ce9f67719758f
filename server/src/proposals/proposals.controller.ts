import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateProposalBody,
  ProposalAmount,
  ProposalAmountBody,
  ProposalDetail,
  ProposalListItem,
  Slug,
  Uuid,
} from '@lokalforum/protocol';
import { z } from 'zod';
import {
  type Principal,
  CurrentPrincipal,
  OptionalPrincipal,
  RequireSignIn,
} from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals')
@Controller()
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Post('forums/:slug/proposals')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, ProposalDetail, 'Started; edit its document at /collab/<docName>')
  start(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(CreateProposalBody) body: CreateProposalBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.proposals.start(slug, principal, body);
  }

  @Get('forums/:slug/proposals')
  @ZodResponse(200, z.array(ProposalListItem), 'The forum’s proposals, most recently changed first')
  list(@ZodParam('slug', Slug) slug: string) {
    return this.proposals.list(slug);
  }

  @Put('proposals/:id/amount')
  @RequireSignIn()
  @ZodResponse(
    200,
    ProposalAmount,
    'What the draft asks of the area grant (null: nothing); by its authors (else 403), ' +
      'only while a draft (else 409). Each version freezes the amount with the text.',
  )
  setAmount(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ProposalAmountBody) body: ProposalAmountBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.proposals.setAmount(id, principal, body);
  }

  @Get('proposals/:id')
  @ZodResponse(200, ProposalDetail)
  detail(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.proposals.detail(id, viewer);
  }
}
