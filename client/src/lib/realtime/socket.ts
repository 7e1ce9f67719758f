import type { ClientToServerEvents, ServerToClientEvents } from '@lokalforum/protocol';
import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH } from '@lokalforum/protocol/browser';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: RealtimeSocket | null = null;
let users = 0;

/**
 * The tab's one Socket.IO connection, on this origin (the httpOnly session
 * cookie authenticates it). Every user calls `release` on teardown; the last
 * one closes the connection.
 */
export function acquireSocket(): RealtimeSocket {
  if (!shared) {
    shared = io({ path: REALTIME_PATH, transports: ['websocket'], withCredentials: true });
  }
  users += 1;
  return shared;
}

/** Closed a moment after its last user lets go, so moving between pages keeps it. */
const LINGER_MS = 2000;

export function releaseSocket(): void {
  users = Math.max(0, users - 1);
  if (users > 0) return;
  setTimeout(() => {
    if (users === 0 && shared) {
      shared.close();
      shared = null;
    }
  }, LINGER_MS);
}
