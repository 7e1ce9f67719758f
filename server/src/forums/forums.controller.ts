import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ForumDetail, ForumSummary, Slug } from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, OptionalPrincipal } from '../auth/principal';
import { ZodParam, ZodResponse } from '../common/zod-validation';
import { ForumsService } from './forums.service';

@ApiTags('forums')
@Controller('forums')
export class ForumsController {
  constructor(private readonly forums: ForumsService) {}

  @Get()
  @ZodResponse(200, z.array(ForumSummary), 'All 18 lokalfora in plan order')
  list() {
    return this.forums.list();
  }

  @Get(':slug')
  @ZodResponse(200, ForumDetail)
  detail(@ZodParam('slug', Slug) slug: string, @OptionalPrincipal() viewer: Principal | null) {
    return this.forums.detail(slug, viewer);
  }
}
