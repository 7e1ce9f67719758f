import * as Y from 'yjs';
import { IncomingUpdate } from './incoming-update';

export interface UpdateGateLimits {
  /** Largest Yjs state the document may grow to. */
  maxDocumentBytes: number;
  /** Most bytes one connection's incomplete updates may add up to while they wait. */
  maxHeldBytes: number;
}

/**
 * How often waiting updates are looked at again (each new message of their
 * connection, each change of the document) before they are refused. A
 * client's sync step 2 follows within one round trip.
 */
const MAX_HELD_ATTEMPTS = 100;

interface Held {
  bytes: Uint8Array;
  attempts: number;
}

export type Verdict =
  | { kind: 'accept'; update: Uint8Array }
  /** Waits for what it depends on; nothing to do yet. */
  | { kind: 'hold' }
  | { kind: 'refuse'; reason: string };

const INCOMPLETE = 'opdateringen bygger på indhold, som serveren ikke har';

/**
 * Decides, before Yjs sees it, whether an editor's update may be applied to
 * one document: decoded once, it must be complete (nothing Yjs would keep
 * pending to slot in later unchecked), pass the document's rules (`check`),
 * and keep the document within its size cap.
 *
 * An update that depends on something the document lacks is held for its
 * connection and checked again, merged with what follows, once that arrives:
 * a y-websocket client that reconnects with offline edits can send what it
 * types before its sync step 2. Too much waiting (bytes or attempts) is refused.
 *
 * The size is an estimate: the last measured state size plus every update
 * applied since (an upper bound, since Yjs merges what it applies). Only when
 * the estimate passes the cap is the state measured exactly (one encoding of
 * the whole document); an update is refused when the measured size plus the
 * update would pass it. Updates that only delete are always let through, so
 * a document stored before the cap existed can still be made smaller.
 */
export class UpdateGate<Connection> {
  private readonly held = new Map<Connection, Held>();
  private estimatedBytes = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly check: (update: IncomingUpdate) => string | null,
    private readonly limits: UpdateGateLimits,
  ) {}

  /** Throws when the bytes (or what is held with them) are not a decodable update. */
  admit(connection: Connection, bytes: Uint8Array): Verdict {
    const held = this.held.get(connection);
    return this.judge(connection, held ? Y.mergeUpdates([held.bytes, bytes]) : bytes);
  }

  /**
   * Whether `bytes` is a keystroke (see `IncomingUpdate.newTypedText`) that
   * may be applied as it is: nothing of its connection waits, and it passes
   * the rules and the size cap. False for anything else, a keystroke the
   * rules refuse included: `admit` then judges it in full.
   */
  admitsKeystroke(connection: Connection, bytes: Uint8Array): boolean {
    if (this.held.size > 0 && this.held.has(connection)) return false;
    const update = IncomingUpdate.keystroke(this.doc, bytes);
    return update !== null && this.check(update) === null && this.sizeProblem(update) === null;
  }

  /** Whether any connection has an update waiting. */
  get anyWaiting(): boolean {
    return this.held.size > 0;
  }

  /** Connections with updates waiting for what they depend on. */
  get waiting(): Connection[] {
    return [...this.held.keys()];
  }

  /** Looks again at what `connection` holds, now that the document has changed. */
  retry(connection: Connection): Verdict {
    const held = this.held.get(connection);
    return held ? this.judge(connection, held.bytes) : { kind: 'hold' };
  }

  /** Every update applied to the document, whatever its origin, counts towards its size. */
  applied(bytes: number): void {
    this.estimatedBytes += bytes;
  }

  forget(connection: Connection): void {
    this.held.delete(connection);
  }

  private judge(connection: Connection, bytes: Uint8Array): Verdict {
    const update = new IncomingUpdate(this.doc, bytes);
    if (!update.isComplete()) {
      const attempts = (this.held.get(connection)?.attempts ?? 0) + 1;
      if (bytes.length > this.limits.maxHeldBytes || attempts > MAX_HELD_ATTEMPTS) {
        this.held.delete(connection);
        return { kind: 'refuse', reason: INCOMPLETE };
      }
      this.held.set(connection, { bytes, attempts });
      return { kind: 'hold' };
    }
    this.held.delete(connection);
    const reason = this.check(update) ?? this.sizeProblem(update);
    return reason ? { kind: 'refuse', reason } : { kind: 'accept', update: bytes };
  }

  private sizeProblem(update: IncomingUpdate): string | null {
    if (!update.addsContent()) return null;
    const max = this.limits.maxDocumentBytes;
    if (this.estimatedBytes + update.size <= max) return null;
    this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
    if (this.estimatedBytes + update.size <= max) return null;
    return `dokumentet må højst fylde ${Math.floor(max / 1024)} KiB`;
  }
}
