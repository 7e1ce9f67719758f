import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SessionRef } from '../auth/credentials';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { CollabConnection } from './collab-connection';
import { type CollabAccess, COLLAB_HOOKS, type CollabHooks, CollabRefusal } from './collab-hooks';
import { CollabRelay } from './collab-relay';
import { guarded } from './guarded';
import { SharedDocument } from './shared-document';

/**
 * Most bytes of updates one connection may have waiting for what they build
 * on: what a person types in the round trip before their sync step 2.
 */
const MAX_HELD_BYTES = 64 * 1024;

/** How long closing sockets get at shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 500;

/**
 * The documents open on this node: loaded on first connection, shared by all
 * connections, unloaded (after a final store) some seconds after the last one
 * leaves. A document being unloaded is waited for before it is loaded again,
 * so a reload never misses its last batch.
 */
@Injectable()
export class CollabService implements OnModuleDestroy {
  private readonly logger = new Logger('Collab');
  private readonly documents = new Map<string, Promise<SharedDocument>>();
  /** The documents of `documents` that have loaded, to find connections without waiting. */
  private readonly loaded = new Map<string, SharedDocument>();
  private readonly unloading = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(COLLAB_HOOKS) private readonly hooks: CollabHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly relay: CollabRelay,
  ) {}

  /** The open document, loading it if needed. */
  open(name: string): Promise<SharedDocument> {
    let document = this.documents.get(name);
    if (!document) {
      document = this.load(name);
      this.documents.set(name, document);
      document.then(
        (ready) => {
          if (this.documents.get(name) === document) this.loaded.set(name, ready);
        },
        () => undefined,
      );
      document.catch(() => {
        if (this.documents.get(name) === document) this.documents.delete(name);
      });
    }
    return document;
  }

  /**
   * An open document that is not being unloaded. Callers connect to it without
   * awaiting anything in between.
   */
  async openForConnection(name: string): Promise<SharedDocument> {
    for (;;) {
      if (this.stopping) throw new CollabRefusal(503, 'Serveren lukker ned');
      const document = await this.open(name);
      if (!document.closing) return document;
      await this.unloading.get(name);
    }
  }

  /** `socket` is the upgraded socket `ws` speaks on. */
  connect(
    document: SharedDocument,
    ws: WebSocket,
    socket: Duplex,
    access: CollabAccess,
    session: SessionRef,
  ): CollabConnection {
    return document.connect(ws, socket, access, session);
  }

  /** The open connections on this node that pass `test`, with their documents. */
  connectionsWhere(
    test: (connection: CollabConnection, document: SharedDocument) => boolean,
  ): { document: SharedDocument; connection: CollabConnection }[] {
    return [...this.loaded.values()].flatMap((document) =>
      document
        .connectionsWhere((connection) => test(connection, document))
        .map((connection) => ({ document, connection })),
    );
  }

  /** Number of documents open on this node (for tests and metrics). */
  get openDocuments(): number {
    return this.documents.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const documents = await Promise.allSettled(this.documents.values());
    this.documents.clear();
    this.loaded.clear();
    await Promise.all(
      documents.map(async (result) => {
        if (result.status !== 'fulfilled') return;
        const document = result.value;
        await document.disconnectAll(SHUTDOWN_GRACE_MS);
        if (!(await document.close())) {
          this.logger.error(`${document.name}: updates left unstored at shutdown`);
          document.dispose();
        }
      }),
    );
    await Promise.all(this.unloading.values());
  }

  private async load(name: string): Promise<SharedDocument> {
    await this.unloading.get(name);
    const document = new SharedDocument(
      name,
      this.hooks,
      {
        store: {
          debounceMs: this.config.collab.storeDebounceMs,
          maxDebounceMs: this.config.collab.storeMaxDebounceMs,
          textEveryMs: this.config.collab.storeTextEveryMs,
        },
        unloadAfterMs: this.config.collab.unloadAfterMs,
        maxDocumentBytes: this.config.collab.maxDocumentBytes,
        maxHeldBytes: Math.min(MAX_HELD_BYTES, this.config.collab.maxMessageBytes),
        onIdle: (idle) => this.unload(idle),
        messageRate: {
          perSecond: this.config.collab.messagesPerSecond,
          burst: this.config.collab.messageBurst,
        },
      },
      this.logger,
    );
    try {
      // Subscribe before reading the store, so no relayed update falls between the two.
      const channel = await this.relay.join(name, document);
      await document.load(channel);
      return document;
    } catch (err) {
      document.dispose();
      // The database or Redis failed; the next connection tries again.
      this.logger.error(`${name}: loading failed`, err);
      throw new CollabRefusal(503, 'Dokumentet kunne ikke hentes; prøv igen');
    }
  }

  private async unload(document: SharedDocument): Promise<void> {
    const name = document.name;
    if (this.stopping || document.connectionCount > 0) return;
    if (!(await document.flush())) {
      // The store is failing: keep the document (and its unstored updates) and try later.
      const retry = guarded(this.logger, `${name}: unloading`, () => this.unload(document));
      setTimeout(retry, this.config.collab.unloadAfterMs).unref();
      return;
    }
    const current = this.documents.get(name);
    if (!current || (await current) !== document) return;
    // Checked with no await before `close` marks the document closing: a connection
    // arriving later opens a fresh copy, after this one has stored everything.
    if (this.stopping || document.connectionCount > 0) return;
    this.documents.delete(name);
    this.loaded.delete(name);
    const done = document
      .close()
      .then((stored) => {
        if (!stored) {
          this.logger.error(`${name}: updates left unstored when unloading`);
          document.dispose();
        }
      })
      .finally(() => this.unloading.delete(name));
    this.unloading.set(name, done);
    await done;
  }
}
