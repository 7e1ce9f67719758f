import * as Y from 'yjs';
import { updateMessage } from './collab-messages';
import { binaryFrame } from './websocket-frame';

/** Someone a document's updates go to (a connection of this node). */
export interface UpdateRecipient {
  /** A whole binary WebSocket frame, the same for every recipient. */
  sendFrame(frame: Buffer): void;
}

interface Queued {
  update: Uint8Array;
  /** The connection it came from, which already has it; null for the store or another node. */
  origin: UpdateRecipient | null;
  /** A y-websocket message carrying exactly `update`, when there is one already. */
  message: Uint8Array | null;
}

/**
 * Sends a document's accepted updates to its connections. The first update
 * of a turn of the event loop goes out at once; those that arrive later in
 * the same turn (the server was busy, so several messages were read
 * together) wait for its end and go out merged, as one message and one
 * socket write per connection instead of one per update: a busy document
 * gets cheaper per keystroke rather than falling behind. Nothing waits for a timer.
 */
export class UpdateFanOut {
  private queue: Queued[] = [];
  /** Set during a turn in which an update was sent; its end sends what queued meanwhile. */
  private turn: NodeJS.Immediate | null = null;

  constructor(private readonly recipients: Iterable<UpdateRecipient>) {}

  /** `message`: the update as a y-websocket message, when one is at hand (it is sent as it is). */
  add(update: Uint8Array, origin: UpdateRecipient | null, message: Uint8Array | null = null): void {
    this.queue.push({ update, origin, message });
    if (this.turn) return;
    this.flush();
    this.turn = setImmediate(this.endTurn);
  }

  private readonly endTurn = (): void => {
    this.turn = null;
    this.flush();
  };

  /** Sends what is queued now. */
  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 0) return;
    if (queue.length === 1) {
      // Most often: one keystroke, to everyone but its typist.
      const { origin } = queue[0]!;
      const frame = messageOf(queue);
      for (const recipient of this.recipients) if (recipient !== origin) recipient.sendFrame(frame);
      return;
    }
    const everything = messageOf(queue);
    // A connection that sent some of them gets only the others: it has its own.
    const rest = new Map<UpdateRecipient, Buffer | null>();
    for (const { origin } of queue) {
      if (origin && !rest.has(origin)) {
        const others = queue.filter((q) => q.origin !== origin);
        rest.set(origin, others.length > 0 ? messageOf(others) : null);
      }
    }
    for (const recipient of this.recipients) {
      const message = rest.has(recipient) ? rest.get(recipient) : everything;
      if (message) recipient.sendFrame(message);
    }
  }

  /** Drops what is queued (the document is closing and its connections are gone). */
  dispose(): void {
    if (this.turn) clearImmediate(this.turn);
    this.turn = null;
    this.queue = [];
  }
}

/** The queued updates as one message, framed once for every socket. */
function messageOf(queued: Queued[]): Buffer {
  if (queued.length === 1) {
    const { update, message } = queued[0]!;
    return binaryFrame(message ?? updateMessage(update));
  }
  return binaryFrame(updateMessage(Y.mergeUpdates(queued.map((q) => q.update))));
}
