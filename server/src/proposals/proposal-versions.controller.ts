import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProposalVersion, ProposalVersionSummary, Uuid, VersionNumber } from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodParam, ZodResponse } from '../common/zod-validation';
import { ProposalVersionsService } from './proposal-versions.service';

@ApiTags('proposals')
@Controller('proposals/:id/versions')
export class ProposalVersionsController {
  constructor(private readonly versions: ProposalVersionsService) {}

  @Post()
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, ProposalVersion, 'The current text, frozen as the next numbered version')
  freeze(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.versions.freeze(id, principal);
  }

  @Get()
  @ZodResponse(200, z.array(ProposalVersionSummary), 'Frozen versions, oldest first')
  list(@ZodParam('id', Uuid) id: string) {
    return this.versions.list(id);
  }

  @Get(':number')
  @ZodResponse(200, ProposalVersion)
  get(@ZodParam('id', Uuid) id: string, @ZodParam('number', VersionNumber) number: number) {
    return this.versions.get(id, number);
  }
}
