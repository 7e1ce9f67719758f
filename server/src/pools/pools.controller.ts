import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ApplyBody,
  CreatePoolBody,
  Pool,
  PoolApplication,
  PoolDetail,
  Slug,
  UpdatePoolBody,
} from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { PoolApplicationsService } from './pool-applications.service';
import { PoolsService } from './pools.service';

@ApiTags('pools')
@Controller('pools')
export class PoolsController {
  constructor(
    private readonly pools: PoolsService,
    private readonly applications: PoolApplicationsService,
  ) {}

  @Get()
  @ZodResponse(
    200,
    z.array(Pool),
    'Every pool, open ones first, closed ones with their history; public',
  )
  list() {
    return this.pools.list();
  }

  @Get(':slug')
  @ZodResponse(200, PoolDetail, 'The pool’s rules and its applications, newest first; public')
  get(@ZodParam('slug', Slug) slug: string) {
    return this.pools.get(slug);
  }

  @Post()
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, Pool, 'A new pool; administrators only (else 403), 409 if the slug is taken')
  create(@ZodBody(CreatePoolBody) body: CreatePoolBody, @CurrentPrincipal() principal: Principal) {
    return this.pools.create(principal, body);
  }

  @Patch(':slug')
  @RequireSignIn()
  @ZodResponse(200, Pool, 'Changes a pool’s rules; administrators only (else 403)')
  update(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(UpdatePoolBody) body: UpdatePoolBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.pools.update(principal, slug, body);
  }

  @Post(':slug/close')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(
    200,
    Pool,
    'Closes the pool now: it keeps its history and takes no new applications; administrators only (else 403), 409 if already closed',
  )
  close(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() principal: Principal) {
    return this.pools.close(principal, slug);
  }

  @Post(':slug/applications')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    PoolApplication,
    'Applies from an adopted proposal (else 409), by an author or a contact person of its forum (else 403). ' +
      'The text starts from the adopted version. Requested = budget total − own funding − volunteer hours × the pool’s rate; ' +
      'outside the pool’s limits 400, after the deadline (end of the day, Danish time) or to a closed pool 409, ' +
      'an excluded area 403, a second live application from the same proposal 409.',
  )
  apply(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(ApplyBody) body: ApplyBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.applications.apply(slug, principal, body);
  }
}
