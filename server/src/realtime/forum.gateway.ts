import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import { REALTIME_MAX_MESSAGE_BYTES, REALTIME_PATH } from '@lokalforum/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import { OriginPolicy } from '../common/origin-policy';
import { ConnectionLimits } from './connection-limits';
import { ForumCommands } from './forum-commands';
import { HandshakeAuth } from './handshake-auth';
import { PresenceTracker } from './presence';
import { RealtimeHub } from './realtime-hub';
import { RealtimeRedis } from './realtime-redis';
import type { RealtimeServer, RealtimeSocket } from './rooms';
import { SocketAccess } from './socket-access';

/**
 * Socket.IO on the API's own HTTP server: forum rooms and a room per person.
 * Same origin only (no CORS; the Origin of every handshake is checked), small
 * messages at a bounded rate, a few connections per guest address
 * (`ConnectionLimits`), and upgrades on other paths left to /collab
 * (`destroyUpgrade`).
 *
 * Connection state recovery restores rooms and missed packets after a short
 * drop on a single node. The Redis adapter does not keep sessions, so with
 * several nodes a client always catches up with `forum.join { since }`.
 */
@WebSocketGateway({
  path: REALTIME_PATH,
  serveClient: false,
  maxHttpBufferSize: REALTIME_MAX_MESSAGE_BYTES,
  destroyUpgrade: false,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
})
export class ForumGateway
  implements
    OnGatewayInit<RealtimeServer>,
    OnGatewayConnection<RealtimeSocket>,
    OnGatewayDisconnect<RealtimeSocket>
{
  constructor(
    private readonly origins: OriginPolicy,
    private readonly redis: RealtimeRedis,
    private readonly auth: HandshakeAuth,
    private readonly limits: ConnectionLimits,
    private readonly hub: RealtimeHub,
    private readonly presence: PresenceTracker,
    private readonly commands: ForumCommands,
    private readonly access: SocketAccess,
  ) {}

  afterInit(io: RealtimeServer): void {
    // Browsers send Origin on WebSocket and cross-site requests; other clients may omit it.
    io.engine.opts.allowRequest = (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || this.origins.allows(origin, req));
    };
    const { pub, sub } = this.redis;
    const clustered = pub !== null && sub !== null;
    if (clustered) {
      const adapter = createAdapter(this.redis.forAdapter(pub), this.redis.forAdapter(sub), {
        key: this.redis.key('socket.io'),
      });
      io.adapter(adapter);
    }
    io.use(this.auth.middleware);
    io.use(this.limits.admit);
    this.hub.attach(io);
    this.presence.attach(io);
    this.access.attach(io);
  }

  handleConnection(socket: RealtimeSocket): void {
    this.limits.meter(socket);
    this.access.connected(socket);
    if (socket.recovered) this.commands.recovered(socket);
    this.commands.register(socket);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.access.disconnected(socket);
    this.commands.disconnected(socket);
  }
}
