import type { Logger } from '@nestjs/common';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CollabConnection } from './collab-connection';
import {
  type AwarenessEntry,
  awarenessMessage,
  awarenessUpdate,
  encodeAwarenessEntries,
} from './collab-messages';
import { guarded } from './guarded';
import { binaryFrame } from './websocket-frame';
import { presenceState } from './presence-state';

/** Awareness origins that are not a connection of this node. */
const FROM_RELAY = Symbol('relay');
const FROM_DISCONNECT = Symbol('disconnect');

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Who is present in one document: its Yjs awareness. Every state in it was
 * filled in by a node from its sender's session (`user`: id, name, badge), so
 * what is sent to clients and relayed to other nodes tells the truth. Each
 * change goes to every connection (the sender too: for a lone editor it is the
 * only sign the connection lives) and, unless it came from there, to the
 * other nodes.
 */
export class DocumentPresence {
  private readonly awareness: awarenessProtocol.Awareness;
  /** Which connection of this node speaks for each awareness client id. */
  private readonly owners = new Map<number, CollabConnection>();

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<CollabConnection>,
    logger: Logger,
    name: string,
    private readonly relay: (update: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      guarded(logger, `${name}: relaying presence`, (change: AwarenessChange, origin: unknown) =>
        this.onChange(change, origin),
      ),
    );
  }

  /** Everyone present, as one awareness message; null when nobody is. */
  everyone(): Uint8Array | null {
    const present = [...this.awareness.getStates().keys()];
    return present.length > 0 ? awarenessMessage(awarenessUpdate(this.awareness, present)) : null;
  }

  /**
   * Applies a connection's awareness with `user` filled in from its session.
   * False when the message changed nothing: y-websocket 1.x providers send
   * every state they hear back to the server. Throws LimitExceeded when the
   * connection would speak for too many clients.
   */
  receive(connection: CollabConnection, entries: AwarenessEntry[]): boolean {
    const fresh = entries.filter((entry) => this.isNewer(entry));
    if (fresh.length === 0) return false;
    // One person cannot speak for another's presence, on any node; the same person reconnecting may.
    const foreign = fresh.some((entry) => {
      const present = this.presentUserId(entry.clientId);
      return present !== null && present !== connection.userId;
    });
    if (foreign) return true;
    connection.claimAwarenessClients(fresh.map((entry) => entry.clientId));
    const identity = connection.presence;
    const filled = fresh.map((entry) => ({
      ...entry,
      state: entry.state === null ? null : presenceState(entry.state, identity, connection.canEdit),
    }));
    awarenessProtocol.applyAwarenessUpdate(
      this.awareness,
      encodeAwarenessEntries(filled),
      connection,
    );
    return true;
  }

  /** Another node's states (it filled them in itself). */
  receiveRelay(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_RELAY);
  }

  /** The states this node's connections speak for, for a node that asks; null when none. */
  local(): Uint8Array | null {
    const local = [...this.owners.keys()];
    return local.length > 0 ? awarenessUpdate(this.awareness, local) : null;
  }

  /** The connection closed: the clients it spoke for leave. */
  leave(connection: CollabConnection): void {
    const gone = [...connection.awarenessClients];
    if (gone.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, gone, FROM_DISCONNECT);
    }
  }

  destroy(): void {
    this.awareness.destroy();
  }

  /** Whether y-protocols would apply `entry`: a later clock, or removing a state at its clock. */
  private isNewer({ clientId, clock, state }: AwarenessEntry): boolean {
    const known = this.awareness.meta.get(clientId)?.clock ?? 0;
    return (
      known < clock || (known === clock && state === null && this.awareness.states.has(clientId))
    );
  }

  /** Whose presence an awareness client id is now. */
  private presentUserId(clientId: number): string | null {
    const state = this.awareness.getStates().get(clientId) as
      { user?: { id?: unknown } } | undefined;
    return typeof state?.user?.id === 'string' ? state.user.id : null;
  }

  private onChange({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    if (origin instanceof CollabConnection) {
      for (const id of [...added, ...updated]) this.claim(origin, id);
    }
    for (const id of removed) this.owners.get(id)?.awarenessClients.delete(id);
    for (const id of removed) this.owners.delete(id);
    const update = awarenessUpdate(this.awareness, [...added, ...updated, ...removed]);
    // Framed once: every connection gets the same bytes.
    const frame = binaryFrame(awarenessMessage(update));
    for (const connection of this.connections) connection.sendFrame(frame);
    if (origin !== FROM_RELAY) this.relay(update);
  }

  private claim(connection: CollabConnection, clientId: number): void {
    const owner = this.owners.get(clientId);
    if (owner === connection) return;
    owner?.awarenessClients.delete(clientId);
    this.owners.set(clientId, connection);
    connection.awarenessClients.add(clientId);
  }
}
