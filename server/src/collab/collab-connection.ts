import { type CollabCloseCode, collabCloseCodes } from '@lokalforum/protocol';
import { WebSocket } from 'ws';
import type { CollabAccess } from './collab-hooks';

/** How often a silent peer is pinged; one missed pong and it is dropped. */
const PING_INTERVAL_MS = 30_000;

/** One WebSocket of one person on one document. */
export class CollabConnection {
  /** Awareness client ids this connection speaks for; their states go when it closes. */
  readonly awarenessClients = new Set<number>();
  private answeredPing = true;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    readonly access: CollabAccess,
  ) {
    ws.on('pong', () => {
      this.answeredPing = true;
    });
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
    ws.once('close', () => clearInterval(this.pinger));
  }

  get userId(): string {
    return this.access.principal.userId;
  }

  get canEdit(): boolean {
    return this.access.canEdit;
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
