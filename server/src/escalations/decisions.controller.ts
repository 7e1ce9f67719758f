import { Controller, Get, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { ForumDecisions, Slug } from '@lokalforum/protocol';
import { z } from 'zod';
import type { Response } from 'express';
import { ZodParam, ZodResponse } from '../common/zod-validation';
import { decisionsCsv } from './decisions-csv';
import { DecisionsService } from './decisions.service';

/** Open data: a forum's decided proposals, as JSON and as files to download. */
@ApiTags('decisions')
@Controller('forums/:slug')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get('decisions')
  @ZodResponse(200, ForumDecisions, 'Every decided proposal, most recently decided first')
  list(@ZodParam('slug', Slug) slug: string) {
    return this.decisions.ofForum(slug);
  }

  @Get('decisions.json')
  @ZodResponse(200, ForumDecisions, 'The same, as a file to download')
  async json(
    @ZodParam('slug', Slug) slug: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ForumDecisions> {
    const data = await this.decisions.ofForum(slug);
    res.setHeader('content-disposition', attachment(slug, 'json'));
    return data;
  }

  @Get('decisions.csv')
  @ApiProduces('text/csv')
  @ZodResponse(
    200,
    z.string(),
    'CSV (UTF-8 with BOM), one line per decided proposal with its latest answer',
  )
  async csv(
    @ZodParam('slug', Slug) slug: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const data = await this.decisions.ofForum(slug);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', attachment(slug, 'csv'));
    return decisionsCsv(data);
  }
}

function attachment(slug: string, ext: 'csv' | 'json'): string {
  // The slug is a-z, 0-9 and hyphens (validated), so it needs no quoting beyond this.
  return `attachment; filename="lokalforum-${slug}-beslutninger.${ext}"`;
}
