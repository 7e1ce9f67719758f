import type {
  ClientToServerEvents,
  ForumEvent,
  ForumEventName,
  ServerToClientEvents,
} from '@lokalforum/protocol';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal';

/** A forum as the realtime layer knows it: the id for storage, the slug for clients. */
export interface ForumRef {
  id: string;
  slug: string;
}

/** A numbered forum event with the forum it belongs to, as passed between nodes. */
export interface ForumEventRecord<E extends ForumEventName = ForumEventName> {
  forumId: string;
  event: ForumEvent<E>;
}

/** Messages between server nodes (through the Socket.IO adapter). */
export interface InterServerEvents {
  'forum.event': (record: ForumEventRecord) => void;
}

/** What a connection carries: kept across connection state recovery. */
export interface SocketData {
  principal: Principal | null;
  /** The session token it was authenticated with, re-checked before every change. */
  token: string | null;
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
