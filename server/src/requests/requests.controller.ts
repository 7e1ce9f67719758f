import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateRequestBody,
  MyRequests,
  RequestHandOverBody,
  RequestInviteBody,
  RequestMessageBody,
  RequestStatusBody,
  RequestThread,
  Uuid,
} from '@lokalforum/protocol';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    RequestThread,
    'A private request to a staff member, a listed partner or a contact person of a forum; ' +
      'the same one again within ten minutes is a 409',
  )
  create(@ZodBody(CreateRequestBody) body: CreateRequestBody, @CurrentPrincipal() p: Principal) {
    return this.requests.create(p, body);
  }

  @Get()
  @RequireSignIn()
  @ZodResponse(
    200,
    MyRequests,
    'Requests I sent or was invited to, and those with me or in my areas',
  )
  mine(@CurrentPrincipal() p: Principal) {
    return this.requests.mine(p);
  }

  @Get(':id')
  @RequireSignIn()
  @ZodResponse(200, RequestThread, 'The thread; 404 for anyone not in it')
  thread(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() p: Principal) {
    return this.requests.thread(id, p);
  }

  @Post(':id/messages')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(201, RequestThread, 'A message in the thread, by anyone in it')
  message(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RequestMessageBody) body: RequestMessageBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.requests.message(id, p, body.text);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, RequestThread, 'A new status, set by whoever has the request (else 403)')
  status(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RequestStatusBody) body: RequestStatusBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.requests.setStatus(id, p, body.status);
  }

  @Post(':id/handover')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(
    200,
    RequestThread,
    'Passed on to a colleague with a note, by the staff member who has it (else 403)',
  )
  handOver(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RequestHandOverBody) body: RequestHandOverBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.requests.handOver(id, p, body);
  }

  @Post(':id/participants')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    RequestThread,
    'The requester invites someone by e-mail: whoever signs in with it is in the thread',
  )
  invite(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RequestInviteBody) body: RequestInviteBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.requests.invite(id, p, body.email);
  }
}
