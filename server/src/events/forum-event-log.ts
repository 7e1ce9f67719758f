import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ForumEvent, ForumEventName, ForumEventPayloads } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { ForumEventRecord, ForumRef } from './domain-events';

interface EventRow {
  forum_id: string;
  slug: string;
  seq: string;
  type: ForumEventName;
  payload: object;
  created_at: Date;
}

const EVENT_ROWS = `
  SELECT e.forum_id, a.slug, e.seq, e.type, e.payload, e.created_at
    FROM forum_events e JOIN forums f ON f.id = e.forum_id JOIN areas a ON a.id = f.area_id`;

function toRecord(row: EventRow): ForumEventRecord {
  const event = {
    ...row.payload,
    type: row.type,
    forum: row.slug,
    seq: Number(row.seq),
    at: row.created_at.toISOString(),
  } as ForumEvent;
  return { forumId: row.forum_id, event };
}

/** The numbered events of every forum in PostgreSQL (the outbox): what catch-up replays. */
@Injectable()
export class ForumEventLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends an event in the transaction of the change it announces; the database numbers it. */
  async append<E extends ForumEventName>(
    tx: EntityManager,
    forum: ForumRef,
    type: E,
    data: ForumEventPayloads[E],
    subjectId: string | null,
  ): Promise<ForumEventRecord<E>> {
    const [row] = await tx.query<[{ seq: string; created_at: Date }]>(
      `INSERT INTO forum_events (forum_id, type, subject_id, payload) VALUES ($1, $2, $3, $4)
       RETURNING seq, created_at`,
      [forum.id, type, subjectId, JSON.stringify(data)],
    );
    const event = {
      ...data,
      type,
      forum: forum.slug,
      seq: Number(row.seq),
      at: row.created_at.toISOString(),
    } as ForumEvent<E>;
    return { forumId: forum.id, event };
  }

  /**
   * Replaces `patch`'s keys in every stored event about `subjectId`, so a hidden or
   * deleted post is not replayed as it was.
   */
  async redact(
    tx: EntityManager,
    subjectId: string,
    patch: { debate: object } | { comment: object },
  ): Promise<void> {
    const key = Object.keys(patch)[0]!;
    await tx.query(
      `UPDATE forum_events SET payload = payload || $2::jsonb WHERE subject_id = $1 AND payload ? $3`,
      [subjectId, JSON.stringify(patch), key],
    );
  }

  /** Up to `limit` events after `afterSeq`, in order, and the forum's last seq. */
  async after(
    forumId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ records: ForumEventRecord[]; head: number }> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const head = await this.head(forumId, tx);
      const rows = await tx.query<EventRow[]>(
        `${EVENT_ROWS} WHERE e.forum_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
        [forumId, afterSeq, limit],
      );
      return { records: rows.map(toRecord), head };
    });
  }

  /** The events numbered `afterSeq + 1` to `uptoSeq`, in order. */
  async range(forumId: string, afterSeq: number, uptoSeq: number): Promise<ForumEventRecord[]> {
    const rows = await this.db.query<EventRow[]>(
      `${EVENT_ROWS} WHERE e.forum_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq`,
      [forumId, afterSeq, uptoSeq],
    );
    return rows.map(toRecord);
  }

  /** The forum's last seq (0 before its first event). Read it before the data it goes with. */
  async head(forumId: string, tx: EntityManager = this.db.manager): Promise<number> {
    const rows = await tx.query<{ last_seq: string }[]>(
      `SELECT last_seq FROM forum_event_heads WHERE forum_id = $1`,
      [forumId],
    );
    return Number(rows[0]?.last_seq ?? 0);
  }

  async heads(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ forum_id: string; last_seq: string }[]>(
      `SELECT forum_id, last_seq FROM forum_event_heads`,
    );
    return new Map(rows.map((r) => [r.forum_id, Number(r.last_seq)]));
  }
}
