import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateProposalBody,
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

  @Get('proposals/:id')
  @ZodResponse(200, ProposalDetail)
  detail(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.proposals.detail(id, viewer);
  }
}
