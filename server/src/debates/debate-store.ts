import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFound } from '../common/domain-error';
import { type CommentRow, commentRows, type DebateRow, debateRows } from './debate-rows';

/**
 * Reads debates and comments for the services that change them. `lock` takes
 * the row lock that makes checks and changes on one post (comment vs. lock,
 * edit vs. hide) take turns.
 */
@Injectable()
export class DebateStore {
  async debate(tx: EntityManager, id: string, lock = false): Promise<DebateRow> {
    const rows = await tx.query<DebateRow[]>(debateRows('d.id = $1', lock), [id]);
    if (!rows[0]) throw notFound('Debatten findes ikke');
    return rows[0];
  }

  async comment(tx: EntityManager, id: string, lock = false): Promise<CommentRow> {
    const rows = await tx.query<CommentRow[]>(commentRows('c.id = $1', lock), [id]);
    if (!rows[0]) throw notFound('Kommentaren findes ikke');
    return rows[0];
  }

  /** A comment and its debate, both locked when `lock` (debate first, as everywhere). */
  async commentWithDebate(
    tx: EntityManager,
    id: string,
    lock = false,
  ): Promise<{ comment: CommentRow; debate: DebateRow }> {
    const found = await tx.query<{ debate_id: string }[]>(
      `SELECT debate_id FROM comments WHERE id = $1`,
      [id],
    );
    if (!found[0]) throw notFound('Kommentaren findes ikke');
    const debate = await this.debate(tx, found[0].debate_id, lock);
    const comment = await this.comment(tx, id, lock);
    return { comment, debate };
  }

  comments(tx: EntityManager, debateId: string): Promise<CommentRow[]> {
    return tx.query<CommentRow[]>(
      `${commentRows('c.debate_id = $1')} ORDER BY c.created_at, c.id`,
      [debateId],
    );
  }
}
