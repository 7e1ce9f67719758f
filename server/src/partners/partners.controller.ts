import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ListPartnerBody,
  Partner,
  type PartnerFilter,
  PartnerQuery,
  Slug,
} from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodQueries, ZodResponse } from '../common/zod-validation';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@Controller()
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get('partners')
  @ZodResponse(
    200,
    z.array(Partner),
    'Listed partners (associations, businesses, councils, guilds, institutions); public. ' +
      'No e-mail addresses: a request to the partner goes to its contact (POST /api/requests)',
  )
  list(@ZodQueries(PartnerQuery) filter: PartnerFilter) {
    return this.partners.list(filter);
  }

  @Put('forums/:slug/partner')
  @RequireSignIn()
  @ZodResponse(
    200,
    Partner,
    'Lists what I represent in this forum with me as its contact (again: updates it); members only',
  )
  listMine(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(ListPartnerBody) body: ListPartnerBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.partners.listMine(slug, p, body);
  }

  @Delete('forums/:slug/partner')
  @HttpCode(204)
  @RequireSignIn()
  @ZodResponse(204, z.null(), 'Takes my listing off the directory')
  unlistMine(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() p: Principal) {
    return this.partners.unlistMine(slug, p);
  }
}
