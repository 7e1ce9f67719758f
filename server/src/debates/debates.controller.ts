import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateDebateBody,
  Debate,
  DebateListQuery,
  DebatePage,
  DebateThread,
  EditDebateBody,
  PostRevision,
  ProposalDebateListQuery,
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
import { ZodBody, ZodParam, ZodQueries, ZodResponse } from '../common/zod-validation';
import { type DebateListOptions, DebatesService } from './debates.service';

@ApiTags('debates')
@Controller()
export class DebatesController {
  constructor(private readonly debates: DebatesService) {}

  @Get('forums/:slug/debates')
  @ZodResponse(200, DebatePage, 'The forum’s debates, newest activity first')
  list(
    @ZodParam('slug', Slug) slug: string,
    @ZodQueries(DebateListQuery) query: DebateListOptions,
  ) {
    return this.debates.list(slug, query);
  }

  @Get('proposals/:id/debates')
  @ZodResponse(200, DebatePage, 'Visible debates about the proposal, newest activity first')
  listForProposal(
    @ZodParam('id', Uuid) id: string,
    @ZodQueries(ProposalDebateListQuery) query: Omit<DebateListOptions, 'proposalId'>,
  ) {
    return this.debates.listForProposal(id, query);
  }

  @Post('forums/:slug/debates')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, Debate, 'Started; the forum room gets `debate.created`')
  start(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(CreateDebateBody) body: CreateDebateBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.debates.start(slug, principal, body);
  }

  @Get('debates/:id')
  @ZodResponse(200, DebateThread, 'The thread with all its comments')
  thread(@ZodParam('id', Uuid) id: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.debates.thread(id, viewer);
  }

  @Patch('debates/:id')
  @RequireSignIn()
  @ZodResponse(200, Debate, 'Edited by its author; the earlier text is kept')
  edit(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(EditDebateBody) body: EditDebateBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.debates.edit(id, principal, body);
  }

  /** The author deletes the opening post; comments stay. */
  @Delete('debates/:id')
  @HttpCode(204)
  @RequireSignIn()
  async remove(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    await this.debates.remove(id, principal);
  }

  @Get('debates/:id/revisions')
  @ZodResponse(200, z.array(PostRevision), 'Earlier texts, oldest first')
  revisions(@ZodParam('id', Uuid) id: string) {
    return this.debates.revisions(id);
  }
}
