import { Injectable } from '@nestjs/common';
import { SESSION_COOKIE } from '@lokalforum/protocol';
import { cookieValue } from '../auth/session-cookie';
import { bearerToken } from '../auth/session-guard';
import { SessionsService } from '../auth/sessions.service';
import type { RealtimeSocket } from './rooms';

/** The error a client sees as `connect_error`: `message`, and `data.code`. */
class HandshakeRefusal extends Error {
  readonly data: { code: 'invalid_token' };

  constructor(message: string) {
    super(message);
    this.data = { code: 'invalid_token' };
  }
}

/**
 * Authenticates a Socket.IO connection once, at the handshake, with the same
 * session as the API: `auth.token`, then an `Authorization: Bearer` header,
 * then the session cookie. A token the client chose to send must be valid; a
 * stale cookie only makes the connection a guest's, as it does over HTTP.
 */
@Injectable()
export class HandshakeAuth {
  constructor(private readonly sessions: SessionsService) {}

  readonly middleware = (socket: RealtimeSocket, next: (err?: Error) => void): void => {
    this.authenticate(socket).then(
      () => next(),
      (err: unknown) => next(err instanceof Error ? err : new Error('Handshake failed')),
    );
  };

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    const auth = socket.handshake.auth as { token?: unknown };
    const explicit =
      (typeof auth.token === 'string' && auth.token) ||
      bearerToken(socket.handshake.headers.authorization);
    const token = explicit || cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
    const principal = token ? await this.sessions.resolve(token) : null;
    if (explicit && !principal) {
      throw new HandshakeRefusal('Adgangstokenet er ugyldigt eller udløbet');
    }
    // A recovered connection keeps its rooms in `data`; who it is comes from this handshake.
    socket.data = {
      forums: socket.data?.forums ?? [],
      principal,
      token: principal ? token : null,
    };
  }
}
