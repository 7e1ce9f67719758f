import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '@lokalforum/protocol';
import { CredentialsResolver } from '../auth/credentials';
import { OriginPolicy } from '../common/origin-policy';
import type { RealtimeSocket } from './rooms';
import { SocketAccess } from './socket-access';

/** The error a client sees as `connect_error`: `message`, and `data.code`. */
export class HandshakeRefusal extends Error {
  readonly data: { code: ErrorCode };

  constructor(message: string, code: ErrorCode = 'invalid_token') {
    super(message);
    this.data = { code };
  }
}

/**
 * Authenticates a Socket.IO connection at the handshake, with the same
 * session and the same precedence as the API (`CredentialsResolver`; the
 * channel's own token is `auth.token`). A token the client chose to send must
 * be valid; a stale cookie only makes the connection a guest's, as it does
 * over HTTP, and a cookie counts only from our own pages (`OriginPolicy`).
 * When the session ends later, `SocketAccess` makes it a guest.
 */
@Injectable()
export class HandshakeAuth {
  constructor(
    private readonly credentials: CredentialsResolver,
    private readonly access: SocketAccess,
    private readonly origins: OriginPolicy,
  ) {}

  readonly middleware = (socket: RealtimeSocket, next: (err?: Error) => void): void => {
    this.authenticate(socket).then(
      () => next(),
      (err: unknown) => next(err instanceof Error ? err : new Error('Handshake failed')),
    );
  };

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    this.access.mark(socket);
    const { headers, auth } = socket.handshake;
    const credentials = await this.credentials.resolve({
      authorization: headers.authorization,
      token: (auth as { token?: unknown }).token,
      cookie: headers.cookie,
    });
    if (credentials.kind === 'invalid') {
      throw new HandshakeRefusal('Adgangstokenet er ugyldigt eller udløbet');
    }
    const signedIn = credentials.kind === 'signedIn' ? credentials : null;
    if (signedIn?.source === 'cookie') {
      const problem = this.origins.cookieUseProblem(socket.request);
      if (problem) throw new HandshakeRefusal(problem, 'forbidden');
    }
    // A recovered connection keeps its rooms in `data`; who it is comes from this handshake.
    socket.data = {
      forums: socket.data?.forums ?? [],
      principal: signedIn?.principal ?? null,
      token: signedIn?.token ?? null,
      session: signedIn?.session ?? null,
    };
  }
}
