import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { loadConfig } from '../src/config/config';
import { dataSourceOptions } from '../src/database/data-source';
import { migrate } from '../src/database/migrate';
import { seed } from '../src/database/seed';
import { newProposalDocument, renderProposalState } from '../src/proposals/proposal-document';
import { ProposalDocumentStore, compactState } from '../src/proposals/proposal-document.store';
import { WORKER_FROM_BYTES } from '../src/proposals/state-compactor';

/** The document store on real PostgreSQL: log, snapshot and compaction. */
describe('ProposalDocumentStore', () => {
  let db: DataSource;
  let store: ProposalDocumentStore;

  beforeAll(async () => {
    db = await new DataSource({
      ...dataSourceOptions(inject('databaseUrl')),
      logging: false,
    }).initialize();
    await migrate(db);
    // Its proposals need a forum; the areas (and their forums) are seeded as at every start.
    await seed(db, { demo: false });
    // A high threshold: these tests compact explicitly.
    store = new ProposalDocumentStore(db, {
      ...loadConfig({}),
      collab: { ...loadConfig({}).collab, compactAfter: 1000 },
    });
  });
  afterAll(async () => {
    await store?.onModuleDestroy();
    await db?.destroy();
  });

  async function newProposal(): Promise<{ id: string; doc: Y.Doc }> {
    const [forum] = await db.query<[{ id: string }]>(`SELECT id FROM forums LIMIT 1`);
    const [row] = await db.query<[{ id: string }]>(
      `INSERT INTO proposals (forum_id, title) VALUES ($1, 'Test') RETURNING id`,
      [forum.id],
    );
    const state = newProposalDocument('Test', '');
    await store.create(db.manager, row.id, state);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return { id: row.id, doc };
  }

  /** Types into `doc` and appends each change to the log, as the collaboration service does. */
  async function type(id: string, doc: Y.Doc, words: string[]): Promise<void> {
    const title = doc.getText('title');
    for (const word of words) {
      const before = Y.encodeStateVector(doc);
      title.insert(title.length, ` ${word}`);
      await store.append(id, Y.encodeStateAsUpdate(doc, before), []);
    }
  }

  it('loads the snapshot plus the log, before and after compaction', async () => {
    const { id, doc } = await newProposal();
    await type(id, doc, ['en', 'to', 'tre']);
    expect(renderProposalState((await store.load(id))!).title).toBe('Test en to tre');
    expect(await store.compact(id)).toBe('compacted');
    expect(await store.compact(id)).toBe('nothing');
    await type(id, doc, ['fire']);
    const [{ rows }] = await db.query<[{ rows: number }]>(
      `SELECT count(*)::int AS rows FROM proposal_updates WHERE proposal_id = $1`,
      [id],
    );
    expect(rows).toBe(1);
    expect(renderProposalState((await store.load(id))!).title).toBe('Test en to tre fire');
  });

  it('compacts a log longer than WORKER_FROM_BYTES on its worker thread, losing nothing', async () => {
    const { id, doc } = await newProposal();
    // One row that outgrows the snapshot: \`append\` starts the compaction itself.
    const long = 'ø'.repeat(WORKER_FROM_BYTES / 2 + 1_000);
    await type(id, doc, [long]);
    await store.settled();
    const [{ rows }] = await db.query<[{ rows: number }]>(
      `SELECT count(*)::int AS rows FROM proposal_updates WHERE proposal_id = $1`,
      [id],
    );
    expect(rows, 'the log was folded into the snapshot').toBe(0);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await store.load(id))!);
    expect(loaded.getText('title').toJSON()).toBe(`Test ${long}`);
  });

  it('lets only one node compact a document at a time', async () => {
    const { id, doc } = await newProposal();
    await type(id, doc, ['a', 'b']);
    const otherNode = db.createQueryRunner();
    await otherNode.startTransaction();
    try {
      await otherNode.query(
        `SELECT pg_advisory_xact_lock(hashtext('lokalforum:compact'), hashtext($1))`,
        [id],
      );
      expect(await store.compact(id)).toBe('busy');
    } finally {
      await otherNode.rollbackTransaction();
      await otherNode.release();
    }
    expect(await store.compact(id)).toBe('compacted');
    expect(renderProposalState((await store.load(id))!).title).toBe('Test a b');
  });

  it('never loses a row that commits while compaction runs', async () => {
    const { id, doc } = await newProposal();
    await type(id, doc, ['x']);
    const results = await Promise.all([
      store.compact(id),
      type(id, doc, ['y', 'z']),
      store.compact(id),
    ]);
    expect(results).toContain('compacted');
    expect(renderProposalState((await store.load(id))!).title).toBe('Test x y z');
  });
});

describe('compactState', () => {
  it('keeps updates whose dependencies are missing instead of dropping them', () => {
    const doc = new Y.Doc();
    const first = Y.encodeStateAsUpdate(doc);
    doc.getText('title').insert(0, 'a');
    const withA = Y.encodeStateAsUpdate(doc);
    const before = Y.encodeStateVector(doc);
    doc.getText('title').insert(1, 'b');
    const onlyB = Y.encodeStateAsUpdate(doc, before);
    // "b" alone cannot be placed; compaction must keep it for when "a" arrives.
    const compacted = compactState([first, onlyB]);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, compacted);
    Y.applyUpdate(restored, withA);
    expect(restored.getText('title').toJSON()).toBe('ab');
  });
});
