import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreatedReport,
  CreateReportBody,
  Debate,
  HidePostBody,
  LockDebateBody,
  ModerationLogEntry,
  Report,
  Slug,
  Uuid,
} from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { ModerationQueries } from './moderation-queries';
import { ModerationService } from './moderation.service';

@ApiTags('moderation')
@Controller()
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly queries: ModerationQueries,
  ) {}

  @Post('reports')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, CreatedReport, 'Reported to the forum’s contact persons and staff')
  report(@ZodBody(CreateReportBody) body: CreateReportBody, @CurrentPrincipal() p: Principal) {
    return this.moderation.report(p, body);
  }

  @Get('forums/:slug/reports')
  @RequireSignIn()
  @ZodResponse(200, z.array(Report), 'Open reports, oldest first (contact persons and staff)')
  queue(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() p: Principal) {
    return this.queries.queue(slug, p);
  }

  @Post('reports/:id/dismiss')
  @HttpCode(204)
  @RequireSignIn()
  dismiss(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() p: Principal) {
    return this.moderation.dismissReport(id, p);
  }

  /** Hides a debate's opening post; the reason is shown publicly in its place. */
  @Post('debates/:id/hide')
  @HttpCode(204)
  @RequireSignIn()
  hideDebate(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(HidePostBody) body: HidePostBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.moderation.hide({ kind: 'debate', id }, p, body.reason);
  }

  /** Hides a comment; the reason is shown publicly in its place. */
  @Post('comments/:id/hide')
  @HttpCode(204)
  @RequireSignIn()
  hideComment(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(HidePostBody) body: HidePostBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.moderation.hide({ kind: 'comment', id }, p, body.reason);
  }

  @Post('debates/:id/lock')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, Debate, 'Locked: no new comments or edits')
  lock(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(LockDebateBody) body: LockDebateBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.moderation.lock(id, p, body.reason ?? null);
  }

  @Post('debates/:id/unlock')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, Debate, 'Open for comments again')
  unlock(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() p: Principal) {
    return this.moderation.unlock(id, p);
  }

  @Get('forums/:slug/moderation-log')
  @ZodResponse(200, z.array(ModerationLogEntry), 'Every act of moderation, newest first (public)')
  log(@ZodParam('slug', Slug) slug: string) {
    return this.queries.log(slug);
  }
}
