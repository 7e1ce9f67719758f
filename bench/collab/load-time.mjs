/**
 * Times loading a proposal's document from PostgreSQL with the server's own
 * code (server/dist): ProposalDocumentStore.load — one query for snapshot and
 * log, merged into one update — then Y.applyUpdate into a fresh Y.Doc, which
 * is what SharedDocument.load does when the first editor opens a proposal.
 * A child of run.mjs, so the server's CommonJS Yjs is the only Yjs here.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const serverRequire = createRequire(new URL('../../server/dist/main.js', import.meta.url));
serverRequire('reflect-metadata');
const Y = serverRequire('yjs');
const { DataSource } = serverRequire('typeorm');
const { dataSourceOptions } = serverRequire('./database/data-source.js');
const { ProposalDocumentStore } = serverRequire('./proposals/proposal-document.store.js');

/** @param {object} message */
const send = (message) => process.send?.(message);

process.once(
  'message',
  (/** @type {{ databaseUrl: string, proposalId: string, repeats: number }} */ job) => {
    measure(job).then(
      (result) => send({ type: 'result', result }),
      (err) =>
        send({
          type: 'error',
          message: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
    // The parent disconnects once it has the answer.
    process.once('disconnect', () => process.exit(0));
  },
);

async function measure({ databaseUrl, proposalId, repeats }) {
  const db = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    // Only compactAfter is read, and only when appending.
    const store = new ProposalDocumentStore(db, { collab: { compactAfter: 200 } });
    const runs = [];
    let body = null;
    for (let i = 0; i < repeats; i++) {
      // What the server runs when a document is opened (SharedDocument.load).
      const t0 = performance.now();
      const parts = await store.loadParts(proposalId);
      const doc = new Y.Doc();
      doc.transact(() => {
        for (const part of parts) Y.applyUpdate(doc, part);
      });
      const totalMs = performance.now() - t0;
      // The same steps one by one, for where the time goes (same query as storedParts).
      const t1 = performance.now();
      const rows = await db.query(
        `SELECT state AS data, 0 AS part, 0::bigint AS id
           FROM proposal_snapshots WHERE proposal_id = $1
         UNION ALL
         SELECT update, 1, id FROM proposal_updates WHERE proposal_id = $1
         ORDER BY part, id`,
        [proposalId],
      );
      const t2 = performance.now();
      const rowParts = rows.map((r) => new Uint8Array(r.data));
      const merged = rowParts.length === 1 ? rowParts[0] : Y.mergeUpdates(rowParts);
      const t3 = performance.now();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, merged);
      const t4 = performance.now();
      copy.destroy();
      // What the server does since: snapshot and log rows applied one by one.
      const t5 = performance.now();
      const direct = new Y.Doc();
      for (const part of rowParts) Y.applyUpdate(direct, part);
      const t6 = performance.now();
      direct.destroy();
      runs.push({
        totalMs,
        sqlMs: t2 - t1,
        mergeMs: t3 - t2,
        applyMs: t4 - t3,
        applyPartsMs: t6 - t5,
        rows: rows.length,
        bytes: parts.reduce((sum, part) => sum + part.length, 0),
      });
      if (i === 0) {
        const xml = doc.getXmlFragment('body').toString();
        body = {
          chars: xml.length,
          sha1: createHash('sha1').update(xml).digest('hex').slice(0, 12),
        };
      }
      doc.destroy();
    }
    return { runs, body };
  } finally {
    await db.destroy();
  }
}
