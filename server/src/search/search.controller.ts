import { Controller, Get, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  PlaceMatch,
  PlaceQuery,
  type SearchKind,
  SearchQuery,
  SearchResults,
} from '@lokalforum/protocol';
import type { Request } from 'express';
import { z } from 'zod';
import { type Principal, OptionalPrincipal } from '../auth/principal';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { RequestSource } from '../common/request-source';
import { ZodQueries, ZodResponse } from '../common/zod-validation';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller()
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly limiter: RateLimiter,
    private readonly source: RequestSource,
  ) {}

  @Get('search')
  @ZodResponse(200, SearchResults, 'Grouped by kind (places, forums, proposals, debates), ranked')
  async find(
    @ZodQueries(SearchQuery) query: { q: string; kind?: SearchKind; page: number },
    @OptionalPrincipal() viewer: Principal | null,
    @Req() req: Request,
  ) {
    await this.limiter.consume(rateRules.search, this.subject(viewer, req));
    return this.search.search(query.q, query.kind, query.page);
  }

  @Get('places')
  @ZodResponse(200, z.array(PlaceMatch), 'The areas a place belongs to, the exact name first')
  async places(
    @ZodQueries(PlaceQuery) query: { q: string },
    @OptionalPrincipal() viewer: Principal | null,
    @Req() req: Request,
  ) {
    await this.limiter.consume(rateRules.search, this.subject(viewer, req));
    return this.search.places(query.q);
  }

  /** Counted per person, or per client address for guests. */
  private subject(viewer: Principal | null, req: Request): string {
    return viewer ? `user:${viewer.userId}` : `ip:${this.source.clientAddress(req)}`;
  }
}
