import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  InboxItem,
  Slug,
  StaffDirectoryEntry,
  type StaffDirectoryFilter,
  StaffDirectoryQuery,
  StaffProfileBody,
  StaffWorkspace,
} from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { ZodBody, ZodParam, ZodQueries, ZodResponse } from '../common/zod-validation';
import { StaffDirectory } from './staff-directory';
import { StaffWorkspaceService } from './staff-workspace.service';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly workspaces: StaffWorkspaceService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get()
  @ZodResponse(
    200,
    z.array(StaffDirectoryEntry),
    'The fælles-skabere (with their field and areas) and the process consultants; public',
  )
  list(@ZodQueries(StaffDirectoryQuery) filter: StaffDirectoryFilter) {
    return this.directory.list(filter);
  }

  @Put('me')
  @RequireSignIn()
  @ZodResponse(
    200,
    StaffDirectoryEntry,
    'What I publish in the directory: a municipal phone and e-mail, what I help with; staff only',
  )
  async publish(
    @ZodBody(StaffProfileBody) body: StaffProfileBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.limiter.consume(rateRules.profileChange, principal.userId);
    return this.directory.publish(principal.userId, body);
  }

  @Get('inbox')
  @RequireSignIn()
  @ZodResponse(
    200,
    z.array(InboxItem),
    'Escalations and requests with me in one order: overdue first, then unanswered, then by due date; staff only',
  )
  inbox(@CurrentPrincipal() principal: Principal) {
    return this.workspaces.inbox(principal);
  }

  @Get('workspace')
  @RequireSignIn()
  @ZodResponse(
    200,
    StaffWorkspace,
    'My areas with what is new since I last looked, my inbox and the debates waiting for staff; staff only',
  )
  workspace(@CurrentPrincipal() principal: Principal) {
    return this.workspaces.workspace(principal);
  }

  @Post('forums/:slug/seen')
  @HttpCode(204)
  @RequireSignIn()
  @ZodResponse(204, z.null(), 'What is new in the forum counts from now on')
  seen(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() principal: Principal) {
    return this.workspaces.markSeen(principal, slug);
  }

  @Put('follows/:slug')
  @HttpCode(204)
  @RequireSignIn()
  @ZodResponse(204, z.null(), 'Following the forum (again is fine)')
  follow(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() principal: Principal) {
    return this.workspaces.follow(principal, slug);
  }

  @Delete('follows/:slug')
  @HttpCode(204)
  @RequireSignIn()
  @ZodResponse(204, z.null(), 'No longer following the forum')
  unfollow(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() principal: Principal) {
    return this.workspaces.unfollow(principal, slug);
  }
}
