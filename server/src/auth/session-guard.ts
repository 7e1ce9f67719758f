import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, forbidden, unauthenticated } from '../common/domain-error';
import { OriginPolicy } from '../common/origin-policy';
import { CredentialsResolver } from './credentials';
import { REQUIRE_SIGN_IN, type RequestWithPrincipal } from './principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the principal of every API request and enforces `@RequireSignIn()`.
 * Cookie-authenticated writes must come from our own pages (`OriginPolicy`: a
 * CSRF defence on top of SameSite=Lax); bearer tokens are not sent by browsers
 * on their own.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsResolver,
    private readonly origins: OriginPolicy,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    // HTTP has no channel token of its own: a bearer header or the cookie.
    const credentials = await this.credentials.resolve({
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (credentials.kind === 'invalid') {
      throw new DomainError(401, 'invalid_token', 'Adgangstokenet er ugyldigt eller udløbet');
    }
    const signedIn = credentials.kind === 'signedIn' ? credentials : null;
    req.sessionToken = signedIn?.token ?? null;
    req.principal = signedIn?.principal ?? null;
    if (signedIn?.source === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const problem = this.origins.cookieUseProblem(req);
      if (problem) throw forbidden(problem);
    }
    const required = this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_SIGN_IN, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (required && !req.principal) throw unauthenticated();
    return true;
  }
}
