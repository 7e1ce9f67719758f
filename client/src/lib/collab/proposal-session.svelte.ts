import { COLLAB_PATH, collabCloseCodes as closeCodes } from '@lokalforum/protocol/browser';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOwnPresenceOnly } from './own-presence-only';
import { type PresenceUser, type PresentPerson, presenceChanges, presentPeople } from './presence';

/**
 * How the live connection is doing, as the person is told:
 * `connected` (synchronised with the server); `reconnecting` (a first attempt,
 * or a short break); `offline` (the browser is offline or several attempts
 * failed: edits stay on this device); `paused` (the server closed it for a
 * limit — too many windows, too many messages — and it is tried again after a
 * pause; edits wait on this device); `stopped` (the server refused something
 * and retrying would not help; `stopReason` says what).
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'offline' | 'paused' | 'stopped';

/**
 * Why the connection was given up: a refused change; the session ended
 * (signed out, revoked or expired); or the person may no longer open the
 * document.
 */
export type StopReason = 'refused' | 'signedOut' | 'forbidden';

/**
 * Attempts in a row that ended before the document was synchronised, after
 * which a break counts as being offline. Counted here rather than by the
 * provider: it counts a socket that opened as a success, even when a proxy
 * (or a browser's network layer) closes it before a single message arrives.
 */
const OFFLINE_AFTER_ATTEMPTS = 2;

/** The first pause after the server closed the connection for a limit (4429); it doubles up to the last. */
const PAUSE_MS = 15_000;
const PAUSE_MAX_MS = 120_000;

export interface ProposalSessionOptions {
  docName: string;
  /** Oneself, from the session. Only the colour is sent: the server tells the others who this is. */
  user: PresenceUser;
  /**
   * Keep a copy in IndexedDB so editing goes on without a connection (editors
   * only). Kept per person, so one person's unsent changes are never sent in
   * the name of the next person who signs in on the same device.
   */
  keepLocalCopy: boolean;
  /** Others came or went while connected; not called for who was there already. */
  onPresenceChange?: (joined: PresentPerson[], left: PresentPerson[]) => void;
}

/**
 * One person's live session on a proposal's Yjs document: the document, its
 * y-websocket connection to /collab (the session cookie authenticates the
 * same-origin upgrade), an optional IndexedDB copy, and who is present.
 * Create it in the browser only, and `destroy` it on teardown.
 */
export class ProposalSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  connection = $state<ConnectionState>('reconnecting');
  stopReason = $state<StopReason | null>(null);
  /**
   * The server turned this person into a reader (they left the forum, or the
   * proposal left draft): the connection goes on, but edits are not taken.
   */
  readOnly = $state(false);
  people = $state.raw<PresentPerson[]>([]);
  /** Whether the document has been synchronised with the server at least once. */
  synced = $state(false);

  private readonly local: IndexeddbPersistence | null = null;
  /** Changes in presence are told only while connected and past the first sync. */
  private announcing = false;
  /** Connections in a row that closed before their first sync. */
  private attemptsWithoutSync = 0;
  /** Whether the current connection has synchronised. */
  private syncedNow = false;
  /** The pause before the next try after a 4429, and its timer. */
  private pauseMs = PAUSE_MS;
  private pauseTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly self: PresenceUser;
  private readonly onPresenceChange: ProposalSessionOptions['onPresenceChange'];

  constructor(options: ProposalSessionOptions) {
    this.self = options.user;
    this.onPresenceChange = options.onPresenceChange;
    if (options.keepLocalCopy) {
      try {
        this.local = new IndexeddbPersistence(`${options.docName}:${options.user.id}`, this.doc);
        this.local.whenSynced.catch(() => undefined);
      } catch {
        // No IndexedDB (some private modes): live editing still works.
        this.local = null;
      }
    }
    const origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    this.provider = new WebsocketProvider(origin + COLLAB_PATH, options.docName, this.doc, {
      connect: false,
    });
    sendOwnPresenceOnly(this.provider);
    // Stock clients send their name here too; the server replaces all of `user` but the colour.
    this.provider.awareness.setLocalStateField('user', { color: options.user.color });

    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    this.provider.awareness.on('change', this.refreshPeople);
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('offline', this.onNetworkChange);
    this.refreshPeople();
    this.provider.connect();
  }

  /** Ends a pause (4429) at once: the person closed other windows, say. */
  retryNow(): void {
    if (this.connection !== 'paused') return;
    this.clearPause();
    this.resume();
  }

  /** Forgets this device's copy of the document (after the server refused a change in it). */
  async clearLocalCopy(): Promise<void> {
    await this.local?.clearData();
  }

  destroy(): void {
    this.clearPause();
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('offline', this.onNetworkChange);
    this.provider.awareness.off('change', this.refreshPeople);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onClose);
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
  }

  private readonly onStatus = ({ status }: { status: string }) => {
    // "connected" only once the document is in sync: an open socket alone proves nothing.
    if (this.connection === 'stopped' || this.connection === 'paused') return;
    if (status === 'connected') return;
    this.connection = this.disconnectedState();
  };

  private readonly onSync = (synced: boolean) => {
    if (synced) {
      this.syncedNow = true;
      this.attemptsWithoutSync = 0;
      this.pauseMs = PAUSE_MS;
      this.synced = true;
      if (this.connection !== 'stopped') this.connection = 'connected';
      // Whoever is here now was here before us: not news.
      this.refreshPeople();
      this.announcing = true;
    }
  };

  private readonly onClose = (event: CloseEvent | null) => {
    this.announcing = false;
    if (!this.syncedNow) this.attemptsWithoutSync++;
    this.syncedNow = false;
    const code = event?.code;
    if (code === closeCodes.readOnly) {
      // The provider reconnects by itself, and the server lets it in as a reader.
      this.readOnly = true;
    }
    const reason = stopReasonOf(code);
    if (reason) {
      // The stock provider reconnects after every close; these would only be refused again.
      this.provider.disconnect();
      this.stopReason = reason;
      this.connection = 'stopped';
    } else if (code === closeCodes.tooMany && this.connection !== 'stopped') {
      // The stock provider would be back within 100 ms and be closed again: wait instead.
      this.provider.disconnect();
      this.connection = 'paused';
      this.clearPause();
      this.pauseTimer = setTimeout(() => {
        this.pauseTimer = null;
        this.resume();
      }, this.pauseMs);
      this.pauseMs = Math.min(this.pauseMs * 2, PAUSE_MAX_MS);
    } else if (this.connection !== 'stopped') {
      this.connection = this.disconnectedState();
    }
  };

  private readonly onNetworkChange = () => {
    if (this.connection === 'stopped' || this.connection === 'paused') return;
    if (!navigator.onLine) {
      // The socket may still look open for a while, but nothing gets through.
      this.connection = 'offline';
    } else if (this.provider.wsconnected) {
      // Back online: a socket that looked open may have lost messages meanwhile.
      // A fresh one (reconnected at once) exchanges everything either side lacks.
      this.provider.ws?.close();
    } else {
      this.connection = this.disconnectedState();
    }
  };

  private disconnectedState(): ConnectionState {
    return !navigator.onLine || this.attemptsWithoutSync >= OFFLINE_AFTER_ATTEMPTS
      ? 'offline'
      : 'reconnecting';
  }

  private resume(): void {
    this.connection = 'reconnecting';
    this.provider.connect();
  }

  private clearPause(): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
  }

  private readonly refreshPeople = () => {
    const awareness = this.provider.awareness;
    const next = presentPeople(awareness.getStates(), this.self, awareness.clientID);
    if (this.announcing && this.onPresenceChange) {
      const { joined, left } = presenceChanges(this.people, next);
      if (joined.length > 0 || left.length > 0) this.onPresenceChange(joined, left);
    }
    if (!samePeople(this.people, next)) this.people = next;
  };
}

/** Close codes after which reconnecting would only be refused again. */
const stopReasons = new Map<number, StopReason>([
  [closeCodes.schemaViolation, 'refused'],
  [closeCodes.messageTooLarge, 'refused'],
  [closeCodes.unauthenticated, 'signedOut'],
  [closeCodes.forbidden, 'forbidden'],
  [closeCodes.notFound, 'forbidden'],
]);

function stopReasonOf(code: number | undefined): StopReason | null {
  return code === undefined ? null : (stopReasons.get(code) ?? null);
}

function samePeople(a: PresentPerson[], b: PresentPerson[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.id === b[i]?.id &&
        p.name === b[i]?.name &&
        p.color === b[i]?.color &&
        p.role === b[i]?.role,
    )
  );
}
