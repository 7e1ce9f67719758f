import { Injectable } from '@nestjs/common';
import { SESSION_COOKIE } from '@lokalforum/protocol';
import type { Principal } from './principal';
import { cookieValue } from './session-cookie';
import { SessionsService } from './sessions.service';

/** What a request or an upgrade carries, as each channel presents it. */
export interface PresentedCredentials {
  /** The `Authorization` header. */
  authorization?: string | undefined;
  /** A token sent the channel's own way: Socket.IO's `auth.token`, /collab's `?token=`. */
  token?: unknown;
  /** The raw `Cookie` header. */
  cookie?: string | undefined;
}

/** Where the token that counted came from. */
export type CredentialSource = 'header' | 'token' | 'cookie';

/** The session behind a principal: connections end with it. */
export interface SessionRef {
  id: string;
  expiresAt: Date;
}

export type Credentials =
  /** No token at all, or only a session cookie that is no longer valid (as a guest over HTTP). */
  | { kind: 'guest' }
  /** A token the client chose to send is unknown, revoked or expired: refuse, do not downgrade. */
  | { kind: 'invalid'; source: Exclude<CredentialSource, 'cookie'> }
  | {
      kind: 'signedIn';
      source: CredentialSource;
      token: string;
      principal: Principal;
      session: SessionRef;
    };

/** `Authorization: Bearer <token>`, if that is what the header says. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Which token counts, the same for REST, Socket.IO and /collab: a bearer
 * header, then a token sent the channel's own way, then the session cookie.
 * Empty values count as absent.
 */
export function presentedToken(
  presented: PresentedCredentials,
): { token: string; source: CredentialSource } | null {
  const header = bearerToken(presented.authorization);
  if (header) return { token: header, source: 'header' };
  if (typeof presented.token === 'string' && presented.token !== '') {
    return { token: presented.token, source: 'token' };
  }
  const cookie = cookieValue(presented.cookie, SESSION_COOKIE);
  return cookie ? { token: cookie, source: 'cookie' } : null;
}

/**
 * Resolves credentials to a principal and its session, so sign-out,
 * revocation and expiry mean the same on every channel.
 */
@Injectable()
export class CredentialsResolver {
  constructor(private readonly sessions: SessionsService) {}

  async resolve(presented: PresentedCredentials): Promise<Credentials> {
    const chosen = presentedToken(presented);
    if (!chosen) return { kind: 'guest' };
    const resolved = await this.sessions.resolveSession(chosen.token);
    if (resolved) return { kind: 'signedIn', ...chosen, ...resolved };
    return chosen.source === 'cookie'
      ? { kind: 'guest' }
      : { kind: 'invalid', source: chosen.source };
  }
}
