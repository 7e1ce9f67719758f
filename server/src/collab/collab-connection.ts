import {
  COLLAB_AWARENESS_CLIENTS_MAX,
  type CollabCloseCode,
  collabCloseCodes,
} from '@lokalforum/protocol';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { SessionRef } from '../auth/credentials';
import { scheduleAt } from '../common/schedule';
import type { CollabAccess } from './collab-hooks';
import { LimitExceeded } from './collab-messages';
import { MessageRate } from './message-rate';
import type { PresenceIdentity } from './presence-state';

/** How often a silent peer is pinged; one missed pong and it is dropped. */
const PING_INTERVAL_MS = 30_000;
/** Messages kept while access is re-checked (a few milliseconds); more closes the connection. */
const MAX_HELD_MESSAGES = 256;

export type HeldMessage = [data: Buffer, isBinary: boolean];

/**
 * What an awareness message that changed nothing costs, in messages. Stock
 * y-websocket 1.x providers echo every state they receive, so a busy document
 * sends each honest client many; a flood of them still runs out.
 */
const ECHO_COST = 0.05;

/** How many messages a connection may send: per second sustained, and at once. */
export interface MessageRateLimit {
  perSecond: number;
  burst: number;
}

/** One WebSocket of one person on one document. */
export class CollabConnection {
  /** Awareness client ids this connection speaks for; their states go when it closes. */
  readonly awarenessClients = new Set<number>();
  /** Every awareness client id it has spoken for, capped: a tab has one. */
  private readonly claimedAwareness = new Set<number>();
  private readonly rate: MessageRate;
  private answeredPing = true;
  private readonly pinger: NodeJS.Timeout;
  /** Re-checks of its access under way; while any is, what it sends waits in `held`. */
  private holds = 0;
  private held: HeldMessage[] = [];

  /**
   * @param socket  the upgraded socket `ws` speaks on, for frames built once
   *   for many connections (`sendFrame`)
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private currentAccess: CollabAccess,
    rate: MessageRateLimit,
    /** The session it was opened with: when that expires, the connection ends. */
    readonly session: SessionRef,
  ) {
    this.rate = new MessageRate(rate.perSecond, rate.burst);
    ws.on('pong', () => {
      this.answeredPing = true;
    });
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
    const cancelExpiry = scheduleAt(session.expiresAt, () =>
      this.close(collabCloseCodes.unauthenticated, 'Sessionen er udløbet'),
    );
    ws.once('close', () => {
      clearInterval(this.pinger);
      cancelExpiry();
    });
  }

  get userId(): string {
    return this.access.principal.userId;
  }

  /**
   * Whether a message it sent may be handled now. Never once closing (its
   * right may have ended); while its access is being re-checked the message
   * is kept, to be handed back by `release`.
   */
  admit(data: Buffer, isBinary: boolean): boolean {
    if (!this.isOpen) return false;
    if (this.holds === 0) return true;
    if (this.held.length >= MAX_HELD_MESSAGES) {
      this.close(collabCloseCodes.internalError, 'For mange beskeder');
    } else {
      this.held.push([data, isBinary]);
    }
    return false;
  }

  /** Whether what it sent may reach the document now: open, and no access re-check under way. */
  get mayApply(): boolean {
    return this.isOpen && this.holds === 0;
  }

  /** Holds what it sends until a matching `release`. */
  hold(): void {
    this.holds += 1;
  }

  /** Ends one hold; when none is left, returns the messages kept meanwhile (in order). */
  release(): HeldMessage[] {
    this.holds = Math.max(0, this.holds - 1);
    if (this.holds > 0) return [];
    const held = this.held;
    this.held = [];
    return held;
  }

  get canEdit(): boolean {
    return this.access.canEdit;
  }

  /** What it may do, as last decided (at the upgrade, or when access changed since). */
  get access(): CollabAccess {
    return this.currentAccess;
  }

  /**
   * Takes a new decision that keeps what it may do (a lost right closes the
   * connection instead): its presence badge follows from its next awareness message.
   */
  reauthorised(access: CollabAccess): void {
    if (access.canEdit === this.currentAccess.canEdit) this.currentAccess = access;
  }

  /** Who this connection's awareness states say it is. */
  get presence(): PresenceIdentity {
    const { principal, role } = this.access;
    return { id: principal.userId, name: principal.name, role };
  }

  /** Counts one inbound message; false when the connection sends faster than it may. */
  takeMessage(): boolean {
    return this.rate.take();
  }

  /** The message just counted was an echo: it costs only ECHO_COST. */
  forgiveEcho(): void {
    this.rate.giveBack(1 - ECHO_COST);
  }

  /** Throws LimitExceeded if speaking for `clientIds` too takes it over the cap. */
  claimAwarenessClients(clientIds: number[]): void {
    const fresh = clientIds.filter((id) => !this.claimedAwareness.has(id));
    if (new Set(fresh).size + this.claimedAwareness.size > COLLAB_AWARENESS_CLIENTS_MAX) {
      throw new LimitExceeded(`Mere end ${COLLAB_AWARENESS_CLIENTS_MAX} awareness-klienter`);
    }
    for (const id of fresh) this.claimedAwareness.add(id);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    this.ws.send(message, { binary: true }, (err) => {
      if (err) this.ws.terminate();
    });
  }

  /**
   * Sends a whole binary frame (see `binaryFrame`) as it is. Written straight
   * to the socket, in order with what ws writes there: ws writes each of its
   * frames in one go and queues nothing without permessage-deflate.
   */
  sendFrame(frame: Buffer): void {
    if (!this.isOpen) return;
    this.socket.write(frame);
  }

  close(code: CollabCloseCode, reason = ''): void {
    if (this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CLOSING) return;
    this.ws.close(code, closeReason(reason));
  }

  /** Closes for shutdown and resolves once the socket is gone (forcibly after `graceMs`). */
  shutDown(graceMs: number): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.ws.terminate(), graceMs);
      this.ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.close(collabCloseCodes.serverShutdown, 'Serveren genstarter');
    });
  }

  private ping(): void {
    if (!this.answeredPing) {
      this.ws.terminate();
      return;
    }
    this.answeredPing = false;
    this.ws.ping();
  }
}

/** A close reason may be at most 123 bytes of UTF-8; cut whole characters only. */
export function closeReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}
