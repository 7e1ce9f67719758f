import type { Logger } from '@nestjs/common';
import { collabCloseCodes } from '@lokalforum/protocol';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { SessionRef } from '../auth/credentials';
import { applyStoredUpdates, applyUpdateSafely } from '../common/stored-updates';
import { CollabConnection, type MessageRateLimit } from './collab-connection';
import type { CollabAccess, CollabHooks } from './collab-hooks';
import {
  BadMessage,
  LimitExceeded,
  assertDecodableUpdate,
  decodeClientMessage,
  shortSyncUpdate,
  syncStep1Message,
} from './collab-messages';
import type { RelayChannel, RelayListener, RelayMessage } from './collab-relay';
import { DocumentPersistence, type StoreTimings } from './document-persistence';
import { DocumentPresence } from './document-presence';
import { guarded } from './guarded';
import { DocumentEditing } from './document-editing';
import { UpdateFanOut } from './update-fan-out';

/** Transaction origins that are not a connection of this node. */
const FROM_STORE = Symbol('store');
const FROM_RELAY = Symbol('relay');

export interface SharedDocumentOptions {
  store: StoreTimings;
  unloadAfterMs: number;
  /** Largest Yjs state the document may grow to through its editors. */
  maxDocumentBytes: number;
  /** Most bytes of incomplete updates one connection may have waiting. */
  maxHeldBytes: number;
  /** What each connection may send. */
  messageRate: MessageRateLimit;
  /** Called once the document has had no connection for `unloadAfterMs`. */
  onIdle: (document: SharedDocument) => Promise<void> | void;
}

/**
 * One document open on this node: its Y.Doc and who is present, the connections
 * editing it, its persistence and its Redis channel. Every inbound message is
 * handled here; a bad one closes only the connection that sent it.
 */
export class SharedDocument implements RelayListener {
  readonly doc = new Y.Doc();
  private readonly connections = new Set<CollabConnection>();
  readonly presence: DocumentPresence;
  private readonly persistence: DocumentPersistence;
  private readonly editing: DocumentEditing;
  private readonly fanOut = new UpdateFanOut(this.connections);
  private channel: RelayChannel | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Set when unloading starts; a closing document takes no new connections. */
  closing = false;
  private readonly updateListener = (update: Uint8Array, origin: unknown) =>
    this.onUpdate(update, origin);

  constructor(
    readonly name: string,
    private readonly hooks: CollabHooks,
    private readonly options: SharedDocumentOptions,
    private readonly logger: Logger,
  ) {
    this.presence = new DocumentPresence(this.doc, this.connections, logger, name, (update) =>
      this.channel?.publish({ kind: 'awareness', update }),
    );
    this.persistence = new DocumentPersistence(name, this.doc, hooks, options.store, logger);
    this.editing = new DocumentEditing(name, this.doc, hooks, options, logger);
    this.doc.on('update', this.updateListener);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Fills the document from the store, then asks other nodes for what the store lacks yet. */
  async load(channel: RelayChannel | null): Promise<void> {
    this.channel = channel;
    const parts = await this.hooks.load(this.name);
    for (const failure of applyStoredUpdates(this.doc, parts, FROM_STORE)) {
      this.logger.error(`${this.name}: part of the stored document could not be applied`, failure);
    }
    this.editing.applied(parts.reduce((bytes, part) => bytes + part.length, 0));
    this.resync();
  }

  connect(
    ws: WebSocket,
    socket: Duplex,
    access: CollabAccess,
    session: SessionRef,
  ): CollabConnection {
    const connection = new CollabConnection(ws, socket, access, this.options.messageRate, session);
    this.connections.add(connection);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    ws.on(
      'message',
      guarded(this.logger, `${this.name}: a message`, (data: Buffer, isBinary: boolean) =>
        this.receive(connection, data, isBinary),
      ),
    );
    ws.on('error', (err) => this.logger.debug(`${this.name}: ${err.message}`));
    ws.once(
      'close',
      guarded(this.logger, `${this.name}: a disconnect`, () => this.disconnect(connection)),
    );
    connection.send(syncStep1Message(this.doc));
    const everyone = this.presence.everyone();
    if (everyone) connection.send(everyone);
    return connection;
  }

  /** Stores what is pending; false when the store failed (the document must stay). */
  flush(): Promise<boolean> {
    return this.persistence.flush();
  }

  /** Final store, then lets go of everything. False (and still open) if updates remain unstored. */
  async close(): Promise<boolean> {
    this.closing = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const stored = await this.persistence.close();
    if (!stored) return false;
    this.dispose();
    return true;
  }

  /** Closes every connection (server shutdown); their clients reconnect elsewhere or later. */
  async disconnectAll(graceMs: number): Promise<void> {
    await Promise.all([...this.connections].map((c) => c.shutDown(graceMs)));
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.fanOut.dispose();
    this.persistence.dispose();
    void this.channel?.leave();
    this.channel = null;
    this.presence.destroy();
    this.doc.destroy();
    this.hooks.unload(this.name);
  }

  /** This node's open connections to the document (for access changes). */
  connectionsWhere(test: (connection: CollabConnection) => boolean): CollabConnection[] {
    return [...this.connections].filter((c) => c.isOpen && test(c));
  }

  /**
   * Re-decides what `connection` may do: nothing it sends is applied until
   * `decide` has settled (and closed it, if its right ended); then what it
   * sent meanwhile is handled as usual.
   */
  async recheck(connection: CollabConnection, decide: () => Promise<void>): Promise<void> {
    connection.hold();
    try {
      await decide();
    } finally {
      for (const [data, isBinary] of connection.release()) this.receive(connection, data, isBinary);
      // An update it sent before may have become complete meanwhile.
      if (connection.mayApply && this.editing.isWaiting(connection)) this.editing.retryWaiting();
    }
  }

  receive(connection: CollabConnection, data: Buffer, isBinary: boolean): void {
    // Closing (maybe because its right ended) or being re-checked: not now, or never.
    if (!connection.admit(data, isBinary)) return;
    if (!connection.takeMessage()) {
      connection.close(collabCloseCodes.tooMany, 'For mange beskeder på kort tid');
      return;
    }
    try {
      if (!isBinary) throw new BadMessage('y-websocket messages are binary');
      if (this.typeKeystroke(connection, data)) return;
      const message = decodeClientMessage(
        new Uint8Array(data.buffer, data.byteOffset, data.length),
      );
      switch (message.type) {
        case 'syncStep1':
          connection.send(this.editing.syncReply(connection, message.stateVector));
          return;
        case 'syncStep2':
        case 'update':
          this.receiveUpdate(connection, message.update);
          return;
        case 'awareness':
          if (!this.presence.receive(connection, message.entries)) connection.forgiveEcho();
          return;
        case 'queryAwareness': {
          const everyone = this.presence.everyone();
          if (everyone) connection.send(everyone);
          return;
        }
      }
    } catch (err) {
      if (err instanceof BadMessage) {
        connection.close(collabCloseCodes.badMessage, err.message);
      } else if (err instanceof LimitExceeded) {
        connection.close(collabCloseCodes.tooMany, err.message);
      } else {
        this.logger.error(`${this.name}: handling a message failed`, err);
        connection.close(collabCloseCodes.internalError, 'Serverfejl');
      }
    }
  }

  /**
   * A keystroke, most of what editors send, goes a short way: read from the
   * message's header and let through by the gate as it is, it goes out to
   * the others first, in the very bytes it came in (all of it is new to the
   * document, so it is what Yjs' update event would carry), and is then
   * applied, stored and relayed. Sending before applying takes Yjs off the
   * way from one editor to the others; and with nobody listening to the
   * document's update event meanwhile, Yjs does not encode the update again
   * for it. False for anything else, which goes the general way (a
   * keystroke the rules refuse included).
   */
  private typeKeystroke(connection: CollabConnection, data: Buffer): boolean {
    if (!connection.canEdit) return false;
    const update = shortSyncUpdate(data);
    if (!update || !this.editing.admitsKeystroke(connection, update)) return false;
    this.fanOut.add(update, connection, data);
    this.doc.off('update', this.updateListener);
    try {
      this.editing.applyKeystroke(connection, update);
    } finally {
      this.doc.on('update', this.updateListener);
    }
    this.editing.applied(update.length);
    this.persistence.add(update, connection.userId);
    this.channel?.publish({ kind: 'update', update });
    this.editing.retryWaiting();
    return true;
  }

  private receiveUpdate(connection: CollabConnection, update: Uint8Array): void {
    if (!connection.canEdit) {
      // Readers stay connected and get every update; what they send never reaches the document.
      assertDecodableUpdate(update);
      return;
    }
    this.editing.receive(connection, update);
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    // What was loaded is counted once, by its stored size.
    if (origin !== FROM_STORE) this.editing.applied(update.length);
    this.fanOut.add(update, origin instanceof CollabConnection ? origin : null);
    if (origin instanceof CollabConnection) {
      this.persistence.add(update, origin.userId);
      this.channel?.publish({ kind: 'update', update });
    }
  }

  private disconnect(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    this.editing.forget(connection);
    this.presence.leave(connection);
    if (this.connections.size === 0) {
      this.idleTimer = setTimeout(
        guarded(this.logger, `${this.name}: unloading`, () => this.options.onIdle(this)),
        this.options.unloadAfterMs,
      );
    }
  }

  receiveRelay(message: RelayMessage, from: string): void {
    try {
      switch (message.kind) {
        case 'update':
          this.applyRelayed(message.update);
          return;
        case 'awareness':
          this.presence.receiveRelay(message.update);
          return;
        case 'syncRequest': {
          const local = this.presence.local();
          this.channel?.publish({
            kind: 'syncReply',
            to: from,
            update: Y.encodeStateAsUpdate(this.doc, message.stateVector),
            stateVector: Y.encodeStateVector(this.doc),
          });
          if (local) this.channel?.publish({ kind: 'awareness', update: local });
          return;
        }
        case 'syncReply': {
          this.applyRelayed(message.update);
          const missing = Y.encodeStateAsUpdate(this.doc, message.stateVector);
          // An update without structs or deletions is two zero bytes.
          if (missing.length > 2) this.channel?.publish({ kind: 'update', update: missing });
          return;
        }
      }
    } catch (err) {
      this.logger.warn(`${this.name}: ignored a relay message that failed`, err);
    }
  }

  private applyRelayed(update: Uint8Array): void {
    const failure = applyUpdateSafely(this.doc, update, FROM_RELAY);
    if (failure) this.logger.warn(`${this.name}: applying a relayed update failed`, failure);
    this.editing.retryWaiting();
  }

  resync(): void {
    this.channel?.publish({ kind: 'syncRequest', stateVector: Y.encodeStateVector(this.doc) });
  }
}
