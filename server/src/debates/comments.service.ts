import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Comment,
  CreateCommentBody,
  EditCommentBody,
  PostRevision,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import {
  commentTarget,
  debateTarget,
  forumOf,
  postState,
  type RevisionRow,
  toComment,
  toRevision,
} from './debate-rows';
import { DebateStore } from './debate-store';
import { DebatePolicy } from './debate.policy';
import { PostingLimits } from './posting-limits';

/** Comments in debates, and replies to them (one level deep). */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: DebateStore,
    private readonly policy: DebatePolicy,
    private readonly limits: PostingLimits,
    private readonly outbox: ForumEventOutbox,
  ) {}

  /** Anyone signed in may comment while the thread is visible and not locked. */
  async create(debateId: string, principal: Principal, body: CreateCommentBody): Promise<Comment> {
    await this.limits.post(principal);
    const { comment, event } = await this.db.transaction(async (tx) => {
      // The debate's row lock makes this wait for (or beat) a lock of the thread.
      const debate = await this.store.debate(tx, debateId, true);
      const roles = await this.policy.check(principal, 'comment', debateTarget(debate), tx);
      if (body.parentId) await this.checkParent(tx, body.parentId, debateId);
      const [{ id }] = await tx.query<[{ id: string }]>(
        `INSERT INTO comments (debate_id, parent_id, depth, author_id, author_staff, body)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          debateId,
          body.parentId ?? null,
          body.parentId ? 1 : 0,
          principal.userId,
          roles.staff,
          body.body,
        ],
      );
      // An UPDATE answers [rows, count].
      const [[thread]] = await tx.query<[[{ comment_count: number; last_activity_at: Date }]]>(
        `UPDATE debates SET comment_count = comment_count + 1, last_activity_at = now()
          WHERE id = $1 RETURNING comment_count, last_activity_at`,
        [debateId],
      );
      const comment = toComment(await this.store.comment(tx, id));
      const event = await this.outbox.record(
        tx,
        forumOf(debate),
        'comment.created',
        {
          comment,
          thread: {
            id: debateId,
            commentCount: thread.comment_count,
            lastActivityAt: thread.last_activity_at.toISOString(),
          },
        },
        id,
      );
      return { comment, event };
    });
    this.outbox.publish(event);
    return comment;
  }

  /** The author edits; the earlier text is kept as a revision and the comment is marked edited. */
  async edit(id: string, principal: Principal, body: EditCommentBody): Promise<Comment> {
    await this.limits.change(principal);
    const { comment, event } = await this.db.transaction(async (tx) => {
      const found = await this.store.commentWithDebate(tx, id, true);
      await this.policy.check(principal, 'edit', commentTarget(found.comment, found.debate), tx);
      await tx.query(
        `INSERT INTO comment_revisions (comment_id, number, body, written_at)
         SELECT id, COALESCE((SELECT max(number) FROM comment_revisions WHERE comment_id = $1), 0) + 1,
                body, COALESCE(edited_at, created_at)
           FROM comments WHERE id = $1`,
        [id],
      );
      await tx.query(`UPDATE comments SET body = $2, edited_at = now() WHERE id = $1`, [
        id,
        body.body,
      ]);
      const comment = toComment(await this.store.comment(tx, id));
      const event = await this.outbox.record(
        tx,
        forumOf(found.debate),
        'comment.edited',
        { comment },
        id,
      );
      return { comment, event };
    });
    this.outbox.publish(event);
    return comment;
  }

  /** The author deletes: text and history are erased everywhere they were stored; replies stay. */
  async remove(id: string, principal: Principal): Promise<Comment> {
    await this.limits.change(principal);
    const { comment, event } = await this.db.transaction(async (tx) => {
      const found = await this.store.commentWithDebate(tx, id, true);
      await this.policy.check(principal, 'delete', commentTarget(found.comment, found.debate), tx);
      await tx.query(`UPDATE comments SET deleted_at = now(), body = '' WHERE id = $1`, [id]);
      await tx.query(`DELETE FROM comment_revisions WHERE comment_id = $1`, [id]);
      const comment = toComment(await this.store.comment(tx, id));
      await this.outbox.redact(tx, id, { comment });
      const event = await this.outbox.record(
        tx,
        forumOf(found.debate),
        'comment.deleted',
        { comment },
        id,
      );
      return { comment, event };
    });
    this.outbox.publish(event);
    return comment;
  }

  /** Earlier texts of a visible comment, oldest first. */
  async revisions(id: string): Promise<PostRevision[]> {
    const row = await this.store.comment(this.db.manager, id);
    if (postState(row) !== 'visible') return [];
    const rows = await this.db.query<RevisionRow[]>(
      `SELECT number, body, written_at FROM comment_revisions WHERE comment_id = $1 ORDER BY number`,
      [id],
    );
    return rows.map(toRevision);
  }

  /** Replies nest one level: the parent must be a top-level comment of the same debate. */
  private async checkParent(tx: EntityManager, parentId: string, debateId: string): Promise<void> {
    const rows = await tx.query<{ debate_id: string; parent_id: string | null }[]>(
      `SELECT debate_id, parent_id FROM comments WHERE id = $1`,
      [parentId],
    );
    const parent = rows[0];
    let message: string | null = null;
    if (!parent || parent.debate_id !== debateId) message = 'Kommentaren findes ikke i denne tråd';
    else if (parent.parent_id) message = 'Man kan svare på en kommentar, ikke på et svar';
    if (message) {
      throw new DomainError(400, 'validation_failed', message, [{ path: 'parentId', message }]);
    }
  }
}
