import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  Comment,
  CreateCommentBody,
  EditCommentBody,
  PostRevision,
  Uuid,
} from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { CommentsService } from './comments.service';

@ApiTags('debates')
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Post('debates/:id/comments')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, Comment, 'Posted; the forum room gets `comment.created`')
  create(
    @ZodParam('id', Uuid) debateId: string,
    @ZodBody(CreateCommentBody) body: CreateCommentBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.comments.create(debateId, principal, body);
  }

  @Patch('comments/:id')
  @RequireSignIn()
  @ZodResponse(200, Comment, 'Edited by its author; the earlier text is kept')
  edit(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(EditCommentBody) body: EditCommentBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.comments.edit(id, principal, body);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @RequireSignIn()
  async remove(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    await this.comments.remove(id, principal);
  }

  @Get('comments/:id/revisions')
  @ZodResponse(200, z.array(PostRevision), 'Earlier texts, oldest first')
  revisions(@ZodParam('id', Uuid) id: string) {
    return this.comments.revisions(id);
  }
}
