import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateDebateBody,
  Debate,
  DebatePage,
  DebateThread,
  EditDebateBody,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/domain-error';
import { ForumsService } from '../forums/forums.service';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import type { ForumEventRecord } from '../events/domain-events';
import {
  type CommentRow,
  type DebateRow,
  debateRows,
  debateTarget,
  forumOf,
  postState,
  type RevisionRow,
  toComment,
  toDebate,
  toRevision,
} from './debate-rows';
import { decodeDebateCursor, encodeDebateCursor } from './debate-cursor';
import { DebateStore } from './debate-store';
import { DebatePolicy } from './debate.policy';
import { PostingLimits } from './posting-limits';

export interface DebateListOptions {
  cursor?: string;
  limit: number;
  proposalId?: string;
}

/** Debate threads (debattråde): starting, listing, reading, editing and deleting them. */
@Injectable()
export class DebatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumsService,
    private readonly store: DebateStore,
    private readonly policy: DebatePolicy,
    private readonly limits: PostingLimits,
    private readonly outbox: ForumEventOutbox,
  ) {}

  /** Newest activity first. One snapshot, so `seq` says exactly what the page reflects. */
  async list(slug: string, options: DebateListOptions): Promise<DebatePage> {
    return this.page(await this.forums.idOf(slug), options);
  }

  /**
   * The debates about a proposal, for its page: only visible ones (a hidden
   * thread is listed in its forum with the moderator's reason, not here).
   */
  async listForProposal(
    proposalId: string,
    options: Omit<DebateListOptions, 'proposalId'>,
  ): Promise<DebatePage> {
    const rows = await this.db.query<{ forum_id: string }[]>(
      `SELECT forum_id FROM proposals WHERE id = $1`,
      [proposalId],
    );
    if (!rows[0]) throw notFound('Forslaget findes ikke');
    return this.page(rows[0].forum_id, { ...options, proposalId }, { visibleOnly: true });
  }

  private page(
    forumId: string,
    options: DebateListOptions,
    { visibleOnly = false } = {},
  ): Promise<DebatePage> {
    const after = options.cursor ? decodeDebateCursor(options.cursor) : null;
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const seq = await this.outbox.seq(forumId, tx);
      const params: unknown[] = [forumId, options.limit + 1];
      let where = 'd.forum_id = $1 AND d.deleted_at IS NULL';
      if (visibleOnly) where += ' AND d.hidden_at IS NULL';
      if (options.proposalId) {
        params.push(options.proposalId);
        where += ` AND d.proposal_id = $${params.length}`;
      }
      if (after) {
        params.push(after.activity, after.id);
        where += ` AND (d.last_activity_at, d.id) < (($${params.length - 1})::timestamp AT TIME ZONE 'UTC', $${params.length}::uuid)`;
      }
      const rows = await tx.query<DebateRow[]>(
        `${debateRows(where)} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2`,
        params,
      );
      const page = rows.slice(0, options.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toDebate),
        nextCursor:
          rows.length > options.limit && last
            ? encodeDebateCursor({ activity: last.activity_key, id: last.id })
            : null,
        seq,
      };
    });
  }

  async thread(id: string, viewer: Principal | null): Promise<DebateThread> {
    const { row, comments, seq } = await this.db.transaction('REPEATABLE READ', async (tx) => {
      const row = await this.store.debate(tx, id);
      return {
        row,
        seq: await this.outbox.seq(row.forum_id, tx),
        comments: await this.store.comments(tx, id),
      };
    });
    return {
      debate: toDebate(row),
      comments: comments.map(toComment),
      permissions: await this.policy.permissions(viewer, debateTarget(row)),
      seq,
    };
  }

  /** Anyone signed in may start a debate in any forum. */
  async start(slug: string, principal: Principal, body: CreateDebateBody): Promise<Debate> {
    const forum = { id: await this.forums.idOf(slug), slug };
    await this.limits.post(principal);
    const { debate, event } = await this.db.transaction(async (tx) => {
      if (body.proposalId) await this.checkProposal(tx, body.proposalId, forum.id);
      const roles = await this.policy.roles(principal, forum.id, tx);
      const [{ id }] = await tx.query<[{ id: string }]>(
        `INSERT INTO debates (forum_id, author_id, author_staff, proposal_id, title, body)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [forum.id, principal.userId, roles.staff, body.proposalId ?? null, body.title, body.body],
      );
      const debate = toDebate(await this.store.debate(tx, id));
      const event = await this.outbox.record(tx, forum, 'debate.created', { debate }, id);
      return { debate, event };
    });
    this.outbox.publish(event);
    return debate;
  }

  /** The author edits; the earlier title and text are kept as a revision. */
  async edit(id: string, principal: Principal, body: EditDebateBody): Promise<Debate> {
    await this.limits.change(principal);
    const { debate, event } = await this.db.transaction(async (tx) => {
      const row = await this.store.debate(tx, id, true);
      await this.policy.check(principal, 'edit', debateTarget(row), tx);
      await tx.query(
        `INSERT INTO debate_revisions (debate_id, number, title, body, written_at)
         SELECT id, COALESCE((SELECT max(number) FROM debate_revisions WHERE debate_id = $1), 0) + 1,
                title, body, COALESCE(edited_at, created_at)
           FROM debates WHERE id = $1`,
        [id],
      );
      await tx.query(
        `UPDATE debates SET title = COALESCE($2, title), body = COALESCE($3, body), edited_at = now()
          WHERE id = $1`,
        [id, body.title ?? null, body.body ?? null],
      );
      const debate = toDebate(await this.store.debate(tx, id));
      const event = await this.outbox.record(tx, forumOf(row), 'debate.edited', { debate }, id);
      return { debate, event };
    });
    this.outbox.publish(event);
    return debate;
  }

  /**
   * The author deletes the thread's opening post: its text and history are
   * erased, everywhere it was stored; others' comments stay readable.
   */
  async remove(id: string, principal: Principal): Promise<Debate> {
    await this.limits.change(principal);
    const { debate, event } = await this.db.transaction(async (tx) => {
      const row = await this.store.debate(tx, id, true);
      await this.policy.check(principal, 'delete', debateTarget(row), tx);
      await tx.query(`UPDATE debates SET deleted_at = now(), title = '', body = '' WHERE id = $1`, [
        id,
      ]);
      await tx.query(`DELETE FROM debate_revisions WHERE debate_id = $1`, [id]);
      const debate = toDebate(await this.store.debate(tx, id));
      await this.outbox.redact(tx, id, { debate });
      const event = await this.outbox.record(tx, forumOf(row), 'debate.deleted', { debate }, id);
      return { debate, event };
    });
    this.outbox.publish(event);
    return debate;
  }

  /** Earlier texts of a visible debate, oldest first. */
  async revisions(id: string) {
    const row = await this.store.debate(this.db.manager, id);
    if (postState(row) !== 'visible') return [];
    const rows = await this.db.query<RevisionRow[]>(
      `SELECT number, title, body, written_at FROM debate_revisions WHERE debate_id = $1
        ORDER BY number`,
      [id],
    );
    return rows.map(toRevision);
  }

  /**
   * A moderator hides a post (already locked and checked by the caller, inside
   * its transaction): the reason is shown publicly in its place, and earlier
   * events no longer replay it as written. Returns the event to publish.
   */
  async hidePost(
    tx: EntityManager,
    post: { debate: DebateRow; comment: CommentRow | null },
    reason: string,
    moderatorId: string,
  ): Promise<ForumEventRecord> {
    const { debate, comment } = post;
    await tx.query(
      `UPDATE ${comment ? 'comments' : 'debates'}
          SET hidden_at = now(), hidden_reason = $2, hidden_by = $3 WHERE id = $1`,
      [(comment ?? debate).id, reason, moderatorId],
    );
    if (comment) {
      const hidden = toComment(await this.store.comment(tx, comment.id));
      await this.outbox.redact(tx, comment.id, { comment: hidden });
      return this.outbox.record(
        tx,
        forumOf(debate),
        'comment.hidden',
        { comment: hidden },
        comment.id,
      );
    }
    const hidden = toDebate(await this.store.debate(tx, debate.id));
    await this.outbox.redact(tx, debate.id, { debate: hidden });
    return this.outbox.record(tx, forumOf(debate), 'debate.hidden', { debate: hidden }, debate.id);
  }

  /** A moderator locks or unlocks a thread (row locked and checked by the caller, inside `tx`). */
  async setLocked(
    tx: EntityManager,
    row: DebateRow,
    lock: { locked: boolean; reason: string | null; moderatorId: string },
  ): Promise<{ debate: Debate; event: ForumEventRecord }> {
    await tx.query(
      lock.locked
        ? `UPDATE debates SET locked_at = now(), locked_reason = $2, locked_by = $3 WHERE id = $1`
        : `UPDATE debates SET locked_at = NULL, locked_reason = NULL, locked_by = NULL WHERE id = $1`,
      lock.locked ? [row.id, lock.reason, lock.moderatorId] : [row.id],
    );
    const debate = toDebate(await this.store.debate(tx, row.id));
    const type = lock.locked ? 'debate.locked' : 'debate.unlocked';
    const event = await this.outbox.record(tx, forumOf(row), type, { debate }, row.id);
    return { debate, event };
  }

  private async checkProposal(tx: EntityManager, proposalId: string, forumId: string) {
    const rows = await tx.query<{ forum_id: string }[]>(
      `SELECT forum_id FROM proposals WHERE id = $1`,
      [proposalId],
    );
    if (!rows[0]) throw notFound('Forslaget findes ikke');
    if (rows[0].forum_id !== forumId) {
      const message = 'En debat kan kun knyttes til et forslag i samme lokalforum';
      throw new DomainError(400, 'validation_failed', message, [{ path: 'proposalId', message }]);
    }
  }
}
