import { Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ForumMember, JoinForumBody, Slug } from '@lokalforum/protocol';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { MembersService } from './members.service';

@ApiTags('members')
@Controller('forums/:slug/members')
@RequireSignIn()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @HttpCode(201)
  @ZodResponse(201, ForumMember, 'Joined the forum')
  join(
    @ZodParam('slug', Slug) slug: string,
    @ZodBody(JoinForumBody) body: { kind: ForumMember['kind']; represents: string | null },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.members.join(slug, principal, body);
  }

  /** Leave the forum (the signed-in person's own membership). */
  @Delete()
  @HttpCode(204)
  leave(@ZodParam('slug', Slug) slug: string, @CurrentPrincipal() principal: Principal) {
    return this.members.leave(slug, principal);
  }
}
