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

/** One write of a document's persistence: accepted updates and, when due, the derived text. */
export interface StoreBatch<Rendered = unknown> {
  /** The accepted updates since the last write, merged into one; null when only the text is due. */
  update: Uint8Array | null;
  /** Who made them (only people not recorded by this node before). */
  authors: string[];
  /** What `render` made of the state these updates lead to; null when the text is not due. */
  rendered: Rendered | null;
}

/**
 * What the collaboration service asks of the domain that owns the documents,
 * in the order it asks (as hocuspocus' hooks): authenticate → load → check
 * each update → render and store (batched) → unload. The service itself
 * knows nothing about proposals.
 */
export interface CollabHooks<Rendered = unknown> {
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
   * What the document says now (derived text, JSON), for `store` to keep
   * beside the updates. Called just before the batch it goes with is taken;
   * throwing leaves the text out of this write and it is tried again later.
   */
  render(docName: string, doc: Y.Doc): Rendered;
  /**
   * Appends a batch of accepted updates, records who made them and, with
   * `rendered`, stores the text, all in one write: the stored text never
   * shows what the stored updates do not have. Throwing keeps the batch in
   * memory to be retried.
   */
  store(docName: string, batch: StoreBatch<Rendered>): Promise<void>;
  /** The document left this node's memory. */
  unload(docName: string): void;
}

export const COLLAB_HOOKS = Symbol('COLLAB_HOOKS');
