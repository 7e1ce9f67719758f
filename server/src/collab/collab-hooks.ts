import type { CollabPresenceRole } from '@lokalforum/protocol';
import type * as Y from 'yjs';
import type { Principal } from '../auth/principal';
import type { IncomingUpdate } from './incoming-update';

/** What a connection may do with its document: decided at the upgrade, and again when access changes. */
export interface CollabAccess {
  principal: Principal;
  /** False: the connection gets the document and its updates, but what it sends is dropped. */
  canEdit: boolean;
  /** The badge beside the person's name in presence. */
  role: CollabPresenceRole;
}

/** Refuses an upgrade with an HTTP status (401, 403, 404) before the WebSocket handshake. */
export class CollabRefusal extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 503,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the collaboration service asks of the domain that owns the documents,
 * in the order it asks (as hocuspocus' hooks): authenticate → load → check
 * each update → store updates (batched) → store the document (throttled) →
 * unload. The service itself knows nothing about proposals.
 */
export interface CollabHooks {
  /**
   * May this signed-in person open this document, and edit it, and how do
   * they appear to the others? Throws CollabRefusal if they may not open it.
   * Asked again for open connections when access changes.
   */
  authenticate(docName: string, principal: Principal): Promise<CollabAccess>;
  /** The stored state as Yjs updates to apply in order (none when nothing is stored). */
  load(docName: string): Promise<Uint8Array[]>;
  /**
   * Why an update from an editor must be refused, or null to accept it. Runs
   * before the update is applied, on an update already decoded and known to
   * be complete (everything it refers to is in the document or in it); the
   * service itself enforces the document size cap.
   */
  check(docName: string, update: IncomingUpdate): string | null;
  /**
   * Appends accepted updates (merged into one) and records who made them.
   * Throwing keeps them in memory to be retried.
   */
  storeUpdates(docName: string, update: Uint8Array, authors: string[]): Promise<void>;
  /**
   * Stores what the document says now (derived text, JSON). Throttled; a
   * failure (a throw or a rejection) is logged and tried again later.
   */
  storeDocument(docName: string, doc: Y.Doc): Promise<void>;
  /** The document left this node's memory. */
  unload(docName: string): void;
}

export const COLLAB_HOOKS = Symbol('COLLAB_HOOKS');
