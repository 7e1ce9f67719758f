import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Ballot, CastBallotBody, MyBallot, OpenVoteBody, Tally, Uuid } from '@lokalforum/protocol';
import { z } from 'zod';
import { type Principal, CurrentPrincipal, RequireSignIn } from '../auth/principal';
import { ZodBody, ZodParam, ZodResponse } from '../common/zod-validation';
import { BallotBox } from './ballot-box';
import { VotesService } from './votes.service';

@ApiTags('votes')
@Controller('proposals/:id')
export class VotesController {
  constructor(
    private readonly votes: VotesService,
    private readonly ballots: BallotBox,
  ) {}

  @Post('vote')
  @HttpCode(201)
  @RequireSignIn()
  @ZodResponse(
    201,
    Tally,
    'Opened on the current text, frozen as a version; the proposal is voting',
  )
  open(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(OpenVoteBody.optional()) body: OpenVoteBody | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.votes.open(id, principal, body ?? {});
  }

  @Post('vote/close')
  @HttpCode(200)
  @RequireSignIn()
  @ZodResponse(200, Tally, 'Closed early by a contact person, with its outcome')
  close(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.votes.closeEarly(id, principal);
  }

  @Get('tally')
  @ZodResponse(200, Tally, 'The latest vote, counted from its ballots now')
  tally(@ZodParam('id', Uuid) id: string) {
    return this.votes.tally(id);
  }

  @Get('votes')
  @ZodResponse(200, z.array(Tally), 'Every vote on the proposal, oldest first, with its tally')
  list(@ZodParam('id', Uuid) id: string) {
    return this.votes.list(id);
  }

  @Put('ballot')
  @RequireSignIn()
  @ZodResponse(200, Ballot, 'Cast, or changed: one ballot per member and vote')
  cast(
    @ZodParam('id', Uuid) id: string,
    @ZodBody(CastBallotBody) body: CastBallotBody,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.ballots.cast(id, principal, body);
  }

  @Get('ballot')
  @RequireSignIn()
  @ZodResponse(200, MyBallot, 'Your own ballot in the latest vote (nobody else’s is shown)')
  mine(@ZodParam('id', Uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.ballots.mine(id, principal);
  }
}
