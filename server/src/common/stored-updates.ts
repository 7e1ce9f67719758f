import * as Y from 'yjs';

/**
 * Runs a Yjs transaction and, if it throws, puts the document back in
 * working order. Yjs deletes and garbage-collects nested types recursively,
 * so a tree deep enough (stored before the depth cap) overflows the stack
 * inside its own transaction cleanup; that leaves the finished transaction
 * queued, and every later transaction would wait behind it forever: no more
 * update events, nothing broadcast or stored. Returns the error, or null.
 */
export function transactSafely(doc: Y.Doc, change: () => void, origin: unknown): unknown {
  try {
    doc.transact(change, origin);
    return null;
  } catch (err) {
    if (doc._transaction === null) doc._transactionCleanups = [];
    return err;
  }
}

/** `Y.applyUpdate`, made safe the same way. */
export function applyUpdateSafely(doc: Y.Doc, update: Uint8Array, origin: unknown): unknown {
  return transactSafely(doc, () => Y.applyUpdate(doc, update, origin), origin);
}

/**
 * Applies a document's stored updates in order, in one transaction, and
 * never throws for what they contain, so a document stored before today's
 * checks (a deleted tree deep enough to overflow Yjs' recursive delete, say)
 * still loads with everything that could be applied. Returns what failed,
 * for the log.
 *
 * Items left pending (their dependencies never arrived) are dropped: Yjs
 * would slot them in unchecked as soon as an editor sent what they wait for.
 */
export function applyStoredUpdates(doc: Y.Doc, parts: Uint8Array[], origin: unknown): unknown[] {
  const failures: unknown[] = [];
  const failed = transactSafely(
    doc,
    () => {
      for (const part of parts) {
        try {
          Y.applyUpdate(doc, part, origin);
        } catch (err) {
          failures.push(err);
        }
      }
    },
    origin,
  );
  if (failed) failures.push(failed);
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    failures.push(new Error('dropped stored items whose dependencies are missing'));
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
  }
  return failures;
}
