import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AnswerEscalationBody,
  CreatedEscalation,
  EscalateBody,
  EscalationView,
  HandOverEscalationBody,
  ProposalEscalation,
  Uuid,
} from '@lokalforum/protocol';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { EscalationsService } from './escalations.service';

@ApiTags('escalations')
@Controller()
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Post('proposals/:id/escalation')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    CreatedEscalation,
    'Escalated: the package is sealed, the answer due date set (ANSWER_DUE_DAYS). ' +
      'By an author or a contact person of the forum (else 403), only when adopted (else 409).',
  )
  escalate(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(EscalateBody) body: EscalateBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.escalations.escalate(id, principal, body);
  }

  @Get('proposals/:id/escalation')
  @ZodResponse(200, ProposalEscalation, 'The proposal’s escalation (null when it has none); public')
  ofProposal(@ZodParam('id', Uuid) id: string) {
    return this.escalations.ofProposal(id);
  }

  @Get('escalations/:id')
  @ZodResponse(200, EscalationView, 'Public')
  get(@ZodParam('id', Uuid) id: string) {
    return this.escalations.get(id);
  }

  @Post('escalations/:id/answers')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    EscalationView,
    'A public answer, signed with name and role; by the assignee or a process consultant (else 403). ' +
      'The first answer moves the proposal to `answered`.',
  )
  answer(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(AnswerEscalationBody) body: AnswerEscalationBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.escalations.answer(id, principal, body);
  }

  @Post('escalations/:id/handover')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    EscalationView,
    'Handed to a colleague; by the assignee or a process consultant (else 403)',
  )
  handOver(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(HandOverEscalationBody) body: HandOverEscalationBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.escalations.handOver(id, principal, body);
  }
}
