import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import * as Y from 'yjs';
import { applyStoredUpdates } from '../common/stored-updates';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LogGrowth } from './log-growth';
import { StateCompactor } from './state-compactor';
import type { RenderedProposal } from './proposal-document';

export { compactState } from './compact-state';

const FOREIGN_KEY_VIOLATION = '23503';

export type CompactionResult = 'compacted' | 'busy' | 'nothing';

/**
 * A proposal's Yjs document in PostgreSQL: a snapshot plus an append-only log
 * of accepted updates, compacted into the snapshot when the log grows, and the
 * derived text/JSON on the proposal row. "Acknowledged" means written here.
 */
@Injectable()
export class ProposalDocumentStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProposalDocumentStore');
  /** How each open proposal's log has grown since it was loaded or compacted here. */
  private readonly growth: LogGrowth;
  /** Compactions `append` started and that still run, per proposal (one at a time each). */
  private readonly compacting = new Map<string, Promise<void>>();
  private stopping = false;
  /** Folds logs on a worker thread: a long one would stop every document on this node meanwhile. */
  private readonly compactor = new StateCompactor();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.growth = new LogGrowth(config.collab.compactAfter);
  }

  /** Stores the first state of a new proposal's document (inside its creating transaction). */
  async create(manager: EntityManager, proposalId: string, state: Uint8Array): Promise<void> {
    await manager.query(`INSERT INTO proposal_snapshots (proposal_id, state) VALUES ($1, $2)`, [
      proposalId,
      Buffer.from(state),
    ]);
  }

  /**
   * Snapshot and log merged into one update (null when nothing is stored),
   * for a collaboration node that will append to this log from now on.
   */
  async load(proposalId: string): Promise<Uint8Array | null> {
    return merge(await this.loadParts(proposalId));
  }

  /**
   * The snapshot and then each stored update, for a collaboration node that
   * will append to this log from now on. Applying them one by one (in one
   * transaction) is about twice as fast as merging them first: with a long
   * log of scattered edits, Y.mergeUpdates is half the load time.
   */
  async loadParts(proposalId: string): Promise<Uint8Array[]> {
    const { snapshot, log } = await this.stored(proposalId);
    this.growth.loaded(
      proposalId,
      snapshot?.length ?? 0,
      log.map((row) => row.length),
    );
    return snapshot ? [snapshot, ...log] : log;
  }

  /**
   * The stored document, loaded into a fresh Y.Doc the caller destroys. What
   * cannot be applied (see `applyStoredUpdates`) is logged and left out.
   */
  async loadDocument(proposalId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    for (const failure of applyStoredUpdates(doc, await this.storedParts(proposalId), null)) {
      this.logger.error(`Part of proposal ${proposalId} could not be applied`, failure);
    }
    return doc;
  }

  private async storedParts(proposalId: string): Promise<Uint8Array[]> {
    const { snapshot, log } = await this.stored(proposalId);
    return snapshot ? [snapshot, ...log] : log;
  }

  /** The snapshot (if any) and the log rows in order, in one query. */
  private async stored(
    proposalId: string,
  ): Promise<{ snapshot: Uint8Array | null; log: Uint8Array[] }> {
    const rows: { data: Buffer; part: number }[] = await this.db.query(
      `SELECT state AS data, 0 AS part, 0::bigint AS id
         FROM proposal_snapshots WHERE proposal_id = $1
       UNION ALL
       SELECT update, 1, id FROM proposal_updates WHERE proposal_id = $1
       ORDER BY part, id`,
      [proposalId],
    );
    const parts = rows.map((r) => ({ part: r.part, data: new Uint8Array(r.data) }));
    const snapshot = parts[0]?.part === 0 ? parts.shift()!.data : null;
    return { snapshot, log: parts.map((p) => p.data) };
  }

  /**
   * Appends one batch of accepted updates (already merged), records its
   * authors and, with `rendered`, updates the proposal's text, all in one
   * statement, so the text never shows what the log does not have. A null
   * `update` stores the text alone. Compacts when the log has grown long.
   * Throws when the database did not take it, so the caller keeps the batch.
   */
  async append(
    proposalId: string,
    update: Uint8Array | null,
    authors: string[],
    rendered: RenderedProposal | null = null,
  ): Promise<void> {
    if (!update) {
      if (rendered) await this.saveRendered(proposalId, rendered);
      return;
    }
    const text = rendered
      ? [rendered.title, rendered.summary, rendered.text, JSON.stringify(rendered.body)]
      : [null, null, null, null];
    try {
      await this.db.query(
        `WITH new_authors AS (
           INSERT INTO proposal_authors (proposal_id, user_id)
           SELECT $1, u.id FROM users u WHERE u.id = ANY($3::uuid[])
           ON CONFLICT DO NOTHING),
         new_text AS (
           UPDATE proposals
              SET title = $4::text, summary = $5::text, text = $6::text, body_json = $7::jsonb,
                  updated_at = now()
            WHERE id = $1 AND $4::text IS NOT NULL
              AND (title, summary, text, body_json)
                  IS DISTINCT FROM ($4::text, $5::text, $6::text, $7::jsonb))
         INSERT INTO proposal_updates (proposal_id, update) VALUES ($1, $2)`,
        [proposalId, Buffer.from(update), authors, ...text],
      );
    } catch (err) {
      // The proposal was deleted while being edited: there is nothing left to keep.
      if (isForeignKeyViolation(err)) {
        this.logger.warn(`Dropped an update of deleted proposal ${proposalId}`);
        return;
      }
      throw err;
    }
    this.growth.appended(proposalId, update.length);
    this.compactWhenDue(proposalId);
  }

  /**
   * Compacts in the background once the log has grown (see LogGrowth): the
   * next batch need not wait (rows committed meanwhile are not read, so they
   * stay). One compaction per proposal at a time; rows that arrived during
   * one may start the next.
   */
  private compactWhenDue(proposalId: string): void {
    if (this.stopping || this.compacting.has(proposalId) || !this.growth.isDue(proposalId)) return;
    this.growth.compacting(proposalId);
    const compaction = this.compactLog(proposalId)
      .then(
        ({ snapshotBytes }) => {
          if (snapshotBytes !== null) this.growth.compacted(proposalId, snapshotBytes);
        },
        (err: unknown) => {
          this.logger.error(`Compacting proposal ${proposalId} failed`, err);
        },
      )
      .finally(() => {
        this.compacting.delete(proposalId);
        if (this.growth.has(proposalId)) this.compactWhenDue(proposalId);
      });
    this.compacting.set(proposalId, compaction);
  }

  /** Resolves once no compaction started by `append` is running. */
  async settled(): Promise<void> {
    while (this.compacting.size > 0) await Promise.all(this.compacting.values());
  }

  onModuleInit(): void {
    this.compactor.start();
  }

  /** No compaction starts any more, and those running end before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.settled();
    await this.compactor.close();
  }

  /**
   * Folds the log into the snapshot: one transaction that writes the new
   * snapshot and deletes exactly the rows it read, under an advisory lock so
   * only one node compacts a document at a time (the others skip). Rows that
   * commit meanwhile are not read, so not deleted: they stay in the log.
   */
  async compact(proposalId: string): Promise<CompactionResult> {
    return (await this.compactLog(proposalId)).result;
  }

  /** `compact`, and the size of the snapshot it wrote (null when it wrote none). */
  private async compactLog(
    proposalId: string,
  ): Promise<{ result: CompactionResult; snapshotBytes: number | null }> {
    const none = (result: CompactionResult) => ({ result, snapshotBytes: null });
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<[{ locked: boolean }]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('lokalforum:compact'), hashtext($1)) AS locked`,
        [proposalId],
      );
      if (!lock.locked) return none('busy');
      const log: { id: string; update: Buffer }[] = await tx.query(
        `SELECT id, update FROM proposal_updates WHERE proposal_id = $1 ORDER BY id`,
        [proposalId],
      );
      if (log.length === 0) return none('nothing');
      const snapshot: { state: Buffer }[] = await tx.query(
        `SELECT state FROM proposal_snapshots WHERE proposal_id = $1`,
        [proposalId],
      );
      const state = await this.compactor.compact([
        ...snapshot.map((s) => new Uint8Array(s.state)),
        ...log.map((r) => new Uint8Array(r.update)),
      ]);
      const ids = log.map((r) => r.id);
      await tx.query(
        `INSERT INTO proposal_snapshots (proposal_id, state, last_update_id)
         VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id) DO UPDATE
           SET state = excluded.state, last_update_id = excluded.last_update_id, updated_at = now()`,
        [proposalId, Buffer.from(state), ids[ids.length - 1]],
      );
      await tx.query(`DELETE FROM proposal_updates WHERE id = ANY($1::bigint[])`, [ids]);
      return { result: 'compacted' as const, snapshotBytes: state.length };
    });
  }

  /** Keeps the proposal row's title, summary, text and body JSON in step with the document. */
  async saveRendered(proposalId: string, rendered: RenderedProposal): Promise<void> {
    await this.db.query(
      `UPDATE proposals
          SET title = $2, summary = $3, text = $4, body_json = $5, updated_at = now()
        WHERE id = $1 AND (title, summary, text, body_json) IS DISTINCT FROM ($2, $3, $4, $5::jsonb)`,
      [proposalId, rendered.title, rendered.summary, rendered.text, JSON.stringify(rendered.body)],
    );
  }

  /** The document left this node's memory. */
  forget(proposalId: string): void {
    this.growth.forget(proposalId);
  }
}

function merge(updates: Uint8Array[]): Uint8Array | null {
  if (updates.length === 0) return null;
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

function isForeignKeyViolation(err: unknown): boolean {
  return (
    err instanceof QueryFailedError &&
    (err.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION
  );
}
