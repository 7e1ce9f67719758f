import type { Logger } from '@nestjs/common';
import { collabCloseCodes } from '@lokalforum/protocol';
import type * as Y from 'yjs';
import { applyUpdateSafely } from '../common/stored-updates';
import type { CollabConnection } from './collab-connection';
import type { CollabHooks } from './collab-hooks';
import { BadMessage, syncStep2Message } from './collab-messages';
import { MalformedUpdate } from './incoming-update';
import { SyncReplyBudget } from './sync-reply-budget';
import { UpdateGate, type Verdict } from './update-gate';

export interface DocumentEditingLimits {
  maxDocumentBytes: number;
  maxHeldBytes: number;
}

/**
 * What editors' connections do to one document's content: their updates go
 * through the gate (checked in full before Yjs sees them, held while they
 * wait for what they build on), and their sync requests are answered within
 * a budget. Refusals close the sender only.
 */
export class DocumentEditing {
  private readonly gate: UpdateGate<CollabConnection>;
  private readonly syncBudgets = new WeakMap<CollabConnection, SyncReplyBudget>();

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    hooks: CollabHooks,
    private readonly limits: DocumentEditingLimits,
    private readonly logger: Logger,
  ) {
    this.gate = new UpdateGate(doc, (update) => hooks.check(name, update), limits);
  }

  /** An editor's update. Throws BadMessage when it cannot be decoded. */
  receive(connection: CollabConnection, update: Uint8Array): void {
    let verdict: Verdict;
    try {
      verdict = this.gate.admit(connection, update);
    } catch (err) {
      throw new BadMessage(err instanceof Error ? err.message : 'undecodable update');
    }
    if (this.follow(connection, verdict)) this.retryWaiting();
  }

  /**
   * Whether `update` is a keystroke the gate lets through as it is (see
   * `UpdateGate.admitsKeystroke`); if so it must be passed to `applyKeystroke`
   * at once. False sends it the general way, `receive`.
   */
  admitsKeystroke(connection: CollabConnection, update: Uint8Array): boolean {
    return connection.mayApply && this.gate.admitsKeystroke(connection, update);
  }

  /** Applies a keystroke `admitsKeystroke` let through (`retryWaiting` then looks at what waits). */
  applyKeystroke(connection: CollabConnection, update: Uint8Array): void {
    this.apply(connection, update);
  }

  /**
   * The answer to a sync step 1: at most the document's state, and no more
   * of them than the connection's budget allows. Throws BadMessage past it.
   */
  syncReply(connection: CollabConnection, stateVector: Uint8Array): Uint8Array {
    const reply = syncStep2Message(this.doc, stateVector);
    let budget = this.syncBudgets.get(connection);
    if (!budget) {
      const cap = this.limits.maxDocumentBytes;
      // Two documents' worth at once, one more every ten seconds.
      budget = new SyncReplyBudget(2 * cap, cap / 10);
      this.syncBudgets.set(connection, budget);
    }
    if (!budget.take(reply.length))
      throw new BadMessage('for mange synkroniseringer; forbind igen');
    return reply;
  }

  /** Bytes applied to the document from anywhere (store, relay, editors) count towards its size. */
  applied(bytes: number): void {
    this.gate.applied(bytes);
  }

  /** Whether an update of `connection` waits for what it builds on. */
  isWaiting(connection: CollabConnection): boolean {
    return this.gate.waiting.includes(connection);
  }

  forget(connection: CollabConnection): void {
    this.gate.forget(connection);
  }

  /** The document changed: updates that waited for it may now be complete. */
  retryWaiting(): void {
    for (let changed = this.gate.anyWaiting; changed;) {
      changed = false;
      for (const connection of this.gate.waiting) {
        // Its right may have ended (closing) or be in question (re-check): nothing it held applies.
        if (!connection.isOpen) this.gate.forget(connection);
        if (!connection.mayApply) continue;
        try {
          changed = this.follow(connection, this.gate.retry(connection)) || changed;
        } catch (err) {
          this.gate.forget(connection);
          const reason = err instanceof MalformedUpdate ? err.message : 'undecodable update';
          connection.close(collabCloseCodes.badMessage, reason);
        }
      }
    }
  }

  /** Carries out a verdict of the gate; true when something was applied. */
  private follow(connection: CollabConnection, verdict: Verdict): boolean {
    switch (verdict.kind) {
      case 'hold':
        return false;
      case 'refuse':
        connection.close(collabCloseCodes.schemaViolation, verdict.reason);
        return false;
      case 'accept':
        this.apply(connection, verdict.update);
        return true;
    }
  }

  /** Applies an update the gate accepted, with `connection` as the transaction's origin. */
  private apply(connection: CollabConnection, update: Uint8Array): void {
    const { pendingStructs, pendingDs } = this.doc.store;
    const failure = applyUpdateSafely(this.doc, update, connection);
    if (failure) {
      // Deleting a tree stored before the depth cap can overflow Yjs' recursion.
      this.logger.error(`${this.name}: applying an accepted update failed`, failure);
    }
    const store = this.doc.store;
    if (store.pendingStructs !== pendingStructs || store.pendingDs !== pendingDs) {
      // The gate's view of Yjs missed a dependency: never let the rest slip in later.
      this.logger.error(`${this.name}: an accepted update left items pending; dropped them`);
      store.pendingStructs = pendingStructs;
      store.pendingDs = pendingDs;
      connection.close(collabCloseCodes.schemaViolation, 'ufuldstændig opdatering');
    }
  }
}
