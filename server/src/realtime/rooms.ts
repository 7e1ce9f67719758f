import type { ClientToServerEvents, ServerToClientEvents } from '@lokalforum/protocol';
import type { Server, Socket } from 'socket.io';
import type { SessionRef } from '../auth/credentials';
import type { Principal } from '../auth/principal';
import type { ForumRef } from '../events/domain-events';

export type { ForumEventRecord, ForumRef } from '../events/domain-events';

/** Nodes tell each other nothing through the adapter: domain events carry what they share. */
export type InterServerEvents = Record<never, never>;

/** What a connection carries: kept across connection state recovery. */
export interface SocketData {
  principal: Principal | null;
  /** The session token it was authenticated with, re-checked before every change. */
  token: string | null;
  /** That session's id and expiry: it stops counting when either ends. */
  session: SessionRef | null;
  /** Forums whose rooms it has joined. */
  forums: ForumRef[];
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export const forumRoom = (forumId: string) => `forum:${forumId}`;
/** Members of a forum room who are still being sent missed events: live ones wait. */
export const catchUpRoom = (forumId: string) => `forum-catch-up:${forumId}`;
export const userRoom = (userId: string) => `user:${userId}`;
