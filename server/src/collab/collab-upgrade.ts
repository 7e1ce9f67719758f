import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  COLLAB_PATH,
  COLLAB_TOKEN_PARAM,
  REALTIME_PATH,
  collabCloseCodes,
} from '@lokalforum/protocol';
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CredentialsResolver } from '../auth/credentials';
import { OriginPolicy } from '../common/origin-policy';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CollabAccessWatcher } from './collab-access';
import { closeReason } from './collab-connection';
import { CollabConnectionLimits } from './collab-connection-limits';
import { COLLAB_HOOKS, type CollabHooks, CollabRefusal } from './collab-hooks';
import { CollabService } from './collab.service';

const PREFIX = `${COLLAB_PATH}/`;
/** Socket.IO's engine answers upgrades on its own path (it is attached with `destroyUpgrade: false`). */
const REALTIME_PREFIX = `${REALTIME_PATH}/`;

/**
 * Accepts WebSocket upgrades on /collab/<docName> on the API's own HTTP
 * server. Everything is decided before the handshake — Origin, session,
 * access, the person's connection limits — and a refusal is a plain HTTP
 * status, except a limit: that connection is closed with 4429 right after the
 * handshake, so a browser (which never sees an upgrade's status) can tell
 * the person why. `CollabAccessWatcher` decides access again when it changes
 * later. Upgrades on Socket.IO's path are left to it; every other path is
 * answered 404 here, so exactly one handler answers each upgrade.
 */
@Injectable()
export class CollabUpgrade implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CollabUpgrade');
  private readonly wss: WebSocketServer;
  private server: Server | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly credentials: CredentialsResolver,
    private readonly origins: OriginPolicy,
    private readonly collab: CollabService,
    private readonly limits: CollabConnectionLimits,
    private readonly watcher: CollabAccessWatcher,
    @Inject(COLLAB_HOOKS) private readonly hooks: CollabHooks,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Larger messages close the connection with 1009 before they are buffered whole.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.collab.maxMessageBytes,
      perMessageDeflate: false,
    });
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    this.wss.close();
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    if (!url.pathname.startsWith(PREFIX)) {
      // The same raw-URL test engine.io makes, so the two never both answer.
      if (!(req.url ?? '').startsWith(REALTIME_PREFIX)) refuse(socket, 404, 'Not found');
      return;
    }
    // Until the handshake, a socket error (the client gave up) only ends this attempt.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    this.accept(req, url, socket, head)
      .catch((err: unknown) => {
        if (err instanceof CollabRefusal) {
          refuse(socket, err.status, err.message);
        } else {
          this.logger.error('Collaboration upgrade failed', err);
          refuse(socket, 500, 'Server error');
        }
      })
      .finally(() => socket.off('error', onError));
  };

  private async accept(req: IncomingMessage, url: URL, socket: Duplex, head: Buffer) {
    const docName = decodePath(url.pathname.slice(PREFIX.length));
    const origin = req.headers.origin;
    if (origin && !this.origins.allows(origin, req)) {
      throw new CollabRefusal(403, 'Origin not allowed');
    }
    const mark = this.watcher.mark();
    // The channel's own token is `?token=` (browsers cannot set headers on a WebSocket).
    const credentials = await this.credentials.resolve({
      authorization: req.headers.authorization,
      token: url.searchParams.get(COLLAB_TOKEN_PARAM),
      cookie: req.headers.cookie,
    });
    if (credentials.kind !== 'signedIn') throw new CollabRefusal(401, 'Sign in first');
    // A cookie counts only from our own pages (`OriginPolicy`).
    const problem = credentials.source === 'cookie' ? this.origins.cookieUseProblem(req) : null;
    if (problem) throw new CollabRefusal(403, problem);
    const { principal } = credentials;
    const access = await this.hooks.authenticate(docName, principal);
    const admission = await this.limits.admit(principal.userId, docName);
    if ('refused' in admission) {
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        ws.close(collabCloseCodes.tooMany, closeReason(admission.refused)),
      );
      return;
    }
    // However the socket ends — refused handshake, client gone, closed later — the place is freed.
    const { place } = admission;
    socket.once('close', () => place.release());
    let document;
    try {
      document = await this.collab.openForConnection(docName);
    } catch (err) {
      place.release();
      throw err;
    }
    if (socket.destroyed) {
      place.release();
      return;
    }
    // No await from here on: the document cannot start unloading before the connection joins.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = this.collab.connect(document, ws, socket, access, credentials.session);
      this.watcher.connected(document, connection, mark);
    });
  }
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new CollabRefusal(404, 'No such document');
  }
}

/** Answers the upgrade request with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
