import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SESSION_COOKIE } from '@lokalforum/protocol';
import type { Request } from 'express';
import { DomainError, forbidden, unauthenticated } from '../common/domain-error';
import { OriginPolicy } from '../common/origin-policy';
import { REQUIRE_SIGN_IN, type RequestWithPrincipal } from './principal';
import { SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bearer token from the Authorization header, if any. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Resolves the principal of every API request and enforces `@RequireSignIn()`.
 * Cookie-authenticated writes must come from an allowed Origin (CSRF defence on
 * top of SameSite=Lax); bearer tokens are not sent by browsers on their own.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly origins: OriginPolicy,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const bearer = bearerToken(req.headers.authorization);
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] ?? null;
    const token = bearer ?? cookie;

    req.sessionToken = token;
    req.principal = token ? await this.sessions.resolve(token) : null;
    if (bearer && !req.principal) {
      throw new DomainError(401, 'invalid_token', 'Adgangstokenet er ugyldigt eller udløbet');
    }
    if (!bearer && cookie && req.principal && !SAFE_METHODS.has(req.method)) {
      const origin = req.headers.origin;
      if (origin && !this.origins.allows(origin, req)) {
        throw forbidden('Forespørgsler fra et andet websted er ikke tilladt');
      }
    }
    const required = this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_SIGN_IN, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (required && !req.principal) throw unauthenticated();
    return true;
  }
}
