import * as Y from 'yjs';

/**
 * Applies a document's stored updates in order, in one transaction, and
 * never throws for what they contain, so a document stored before today's
 * checks (a tree deep enough to overflow Yjs' recursive delete, say) still
 * loads with everything that could be applied. Returns what failed, for the
 * log.
 *
 * Items left pending (their dependencies never arrived) are dropped: Yjs
 * would slot them in unchecked as soon as an editor sent what they wait for.
 */
export function applyStoredUpdates(doc: Y.Doc, parts: Uint8Array[], origin: unknown): unknown[] {
  const failures: unknown[] = [];
  try {
    doc.transact(() => {
      for (const part of parts) {
        try {
          Y.applyUpdate(doc, part, origin);
        } catch (err) {
          failures.push(err);
        }
      }
    }, origin);
  } catch (err) {
    // Yjs' cleanup (garbage collecting deleted types) recurses too; the content is in by then.
    failures.push(err);
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    failures.push(new Error('dropped stored items whose dependencies are missing'));
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
  }
  return failures;
}
