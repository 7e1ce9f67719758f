import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SessionsService } from '../auth/sessions.service';
import { scheduleAt } from '../common/schedule';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumCommands } from './forum-commands';
import { type RealtimeServer, type RealtimeSocket, userRoom } from './rooms';

/**
 * Ends on open Socket.IO connections the rights that end elsewhere, on every
 * node. When its session ends (signed out, revoked, expired) a connection
 * stays open as a guest's: it leaves its person's room (no more private
 * notifications) and is counted as a guest in presence; forum rooms stay
 * public. When its person leaves a forum or loses a role, its presence is
 * counted again (the staff badge). Every command re-checks the session anyway.
 */
@Injectable()
export class SocketAccess implements OnModuleInit {
  private readonly logger = new Logger('SocketAccess');
  private io: RealtimeServer | null = null;
  /** Access changes heard so far: a handshake that saw one while deciding checks again. */
  private changes = 0;
  private readonly marks = new WeakMap<RealtimeSocket, number>();
  private readonly expiries = new WeakMap<RealtimeSocket, () => void>();

  constructor(
    private readonly bus: DomainEventBus,
    private readonly sessions: SessionsService,
    private readonly commands: ForumCommands,
  ) {}

  attach(io: RealtimeServer): void {
    this.io = io;
  }

  onModuleInit(): void {
    this.bus.on('session.ended', ({ sessionId, userId }) => {
      this.changes += 1;
      for (const socket of this.socketsOf(userId)) {
        if (socket.data.session?.id === sessionId) this.endSession(socket);
      }
    });
    const personChanged = ({ userId }: { userId: string }) => {
      this.changes += 1;
      for (const socket of this.socketsOf(userId)) this.commands.refreshPresence(socket);
    };
    this.bus.on('membership.ended', personChanged);
    this.bus.on('role.ended', personChanged);
    // Events published while Redis was away are lost: check every session here again.
    this.bus.onResume(() => {
      this.changes += 1;
      for (const socket of this.io?.sockets.sockets.values() ?? []) void this.recheck(socket);
    });
  }

  /** At the handshake, before its credentials are resolved; see `connected`. */
  mark(socket: RealtimeSocket): void {
    this.marks.set(socket, this.changes);
  }

  connected(socket: RealtimeSocket): void {
    const { principal, session } = socket.data;
    // A recovered connection gets its old rooms back, its person's among them.
    const own = principal && userRoom(principal.userId);
    for (const room of socket.rooms) {
      if (room.startsWith(userRoom('')) && room !== own) void socket.leave(room);
    }
    if (!principal || !session) return;
    void socket.join(userRoom(principal.userId));
    this.expiries.set(
      socket,
      scheduleAt(session.expiresAt, () => this.endSession(socket)),
    );
    // Decided while access changed: the facts it was decided on may be stale.
    if (this.marks.get(socket) !== this.changes) void this.recheck(socket);
  }

  disconnected(socket: RealtimeSocket): void {
    this.expiries.get(socket)?.();
    this.expiries.delete(socket);
  }

  /** The session no longer counts: the connection goes on as a guest's. */
  private endSession(socket: RealtimeSocket): void {
    const principal = socket.data.principal;
    if (!principal) return;
    this.disconnected(socket);
    socket.data.principal = null;
    socket.data.token = null;
    socket.data.session = null;
    void socket.leave(userRoom(principal.userId));
    if (socket.connected) this.commands.refreshPresence(socket);
  }

  private async recheck(socket: RealtimeSocket): Promise<void> {
    const session = socket.data.session;
    if (!session) return;
    try {
      if (!(await this.sessions.isActive(session.id))) {
        this.endSession(socket);
      } else {
        this.commands.refreshPresence(socket);
      }
    } catch (err) {
      this.logger.warn(`Re-checking a session failed: ${String(err)}`);
    }
  }

  /** This node's connections of one person. */
  private socketsOf(userId: string): RealtimeSocket[] {
    const namespace = this.io?.sockets;
    const ids = namespace?.adapter.rooms.get(userRoom(userId));
    if (!namespace || !ids) return [];
    return [...ids].flatMap((id) => namespace.sockets.get(id) ?? []);
  }
}
