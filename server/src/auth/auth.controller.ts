import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  DemoLoginBody,
  DemoUser,
  OutboxMail,
  RequestMagicLinkBody,
  RequestMagicLinkResponse,
  SessionResponse,
  VerifyMagicLinkBody,
} from '@lokalforum/protocol';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { OriginPolicy } from '../common/origin-policy';
import { ZodBody, ZodResponse } from '../common/zod-validation';
import { AuthService } from './auth.service';
import { type Principal, CurrentPrincipal, RequireSignIn } from './principal';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly origins: OriginPolicy,
  ) {}

  @Post('magic-link')
  @HttpCode(202)
  @ZodResponse(202, RequestMagicLinkResponse, 'The link was e-mailed (or put in the demo outbox)')
  requestMagicLink(@ZodBody(RequestMagicLinkBody) body: RequestMagicLinkBody, @Req() req: Request) {
    return this.auth.requestMagicLink(body, this.origins.linkOrigin(req), req.ip ?? 'unknown');
  }

  @Post('magic-link/verify')
  @HttpCode(200)
  @ZodResponse(200, SessionResponse, 'Signed in; the cookie is set and the token returned')
  async verifyMagicLink(
    @ZodBody(VerifyMagicLinkBody) body: VerifyMagicLinkBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const session = await this.auth.verifyMagicLink(body);
    setSessionCookie(req, res, session.token, new Date(session.expiresAt));
    return session;
  }

  @Post('demo-login')
  @HttpCode(200)
  @ZodResponse(200, SessionResponse, 'Signed in as a demo person (demo mode only)')
  async demoLogin(
    @ZodBody(DemoLoginBody) body: DemoLoginBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const session = await this.auth.demoLogin(body.email);
    setSessionCookie(req, res, session.token, new Date(session.expiresAt));
    return session;
  }

  @Get('demo-users')
  @ZodResponse(200, z.array(DemoUser), 'The fictional demo people (demo mode only)')
  demoUsers() {
    return this.auth.demoUsers();
  }

  @Get('outbox')
  @ZodResponse(
    200,
    z.array(OutboxMail),
    'Mail that went to the log instead of being sent (demo mode only; 404 otherwise)',
  )
  outbox() {
    return this.auth.outbox();
  }

  @Post('sign-out')
  @HttpCode(204)
  @RequireSignIn()
  async signOut(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.auth.signOut(principal.sessionId);
    clearSessionCookie(req, res);
  }
}
