import { Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ForumRulesView, PutForumRulesBody, Slug } from '@lokalforum/protocol';
import {
  type Principal,
  CurrentPrincipal,
  OptionalPrincipal,
  RequireSignIn,
} from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { ForumRulesService } from './forum-rules.service';

@ApiTags('forums')
@Controller('forums/:slug/rules')
export class ForumRulesController {
  constructor(private readonly rules: ForumRulesService) {}

  @Get()
  @ZodResponse(200, ForumRulesView, 'The forum’s voting rules (the defaults until changed)')
  get(@ZodParam('slug', Slug) slug: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.rules.view(slug, viewer);
  }

  @Put()
  @RequireSignIn()
  @ZodResponse(200, ForumRulesView, 'Replaced; votes already open keep the rules they opened with')
  put(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(PutForumRulesBody) body: PutForumRulesBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.rules.replace(slug, principal, body);
  }
}
