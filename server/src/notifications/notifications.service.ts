import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  defaultDeliveryModes,
  type MarkNotificationsReadBody,
  type Notification,
  type NotificationData,
  type NotificationKind,
  type NotificationPage,
  NOTIFICATION_PAGE_DEFAULT,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { DomainEventBus } from '../events/domain-event-bus';
import { NotificationMailQueue } from './notification-mail-queue';
import { toNotification } from './notification-rows';

/**
 * Who is told: SQL yielding `user_id`, with its own `$1…` parameters; and
 * optionally per row `extra` (a jsonb object merged into the data),
 * `forum_id` and `dedupe_key` (overriding the common ones).
 */
export interface Recipients {
  sql: string;
  params: unknown[];
}

/** Exactly these people. */
export const people = (userIds: string[]): Recipients => ({
  sql: `SELECT unnest($1::uuid[]) AS user_id`,
  params: [userIds],
});

export interface NewNotifications<K extends NotificationKind> {
  kind: K;
  data: NotificationData[K];
  recipients: Recipients;
  /** Whoever caused it is never told (null: the server did). */
  actorId: string | null;
  forumId: string | null;
  /** At most one notification per person with this key, ever. */
  dedupeKey?: string;
}

/** A notification as stored, with whom it is for and how it is mailed. */
export interface StoredNotification {
  userId: string;
  delivery: 'immediate' | 'digest';
  notification: Notification;
}

interface NotificationRow {
  id: string;
  seq: string;
  user_id: string;
  kind: NotificationKind;
  data: object;
  delivery: 'immediate' | 'digest';
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `id, seq, user_id, kind, data, delivery, created_at, read_at`;

/**
 * A person's notifications: stored in the transaction of what caused them
 * (for many people in one INSERT … SELECT), then delivered live to their own
 * room and queued for mail once that has committed.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly mail: NotificationMailQueue,
  ) {}

  /**
   * Stores one notification per recipient inside `tx`, as each chose for the
   * kind (`off`: none at all), leaving out the actor; `dispatch` the result
   * once `tx` has committed.
   */
  async create<K extends NotificationKind>(
    tx: EntityManager,
    n: NewNotifications<K>,
  ): Promise<StoredNotification[]> {
    const base = n.recipients.params.length;
    const p = (i: number) => `$${base + i}`;
    const rows = await tx.query<NotificationRow[]>(
      `WITH recipients AS (${n.recipients.sql}),
            candidates AS (
              SELECT r.user_id,
                     ${p(2)}::jsonb || COALESCE(to_jsonb(r) -> 'extra', '{}') AS data,
                     COALESCE((to_jsonb(r) ->> 'forum_id')::uuid, ${p(5)}::uuid) AS forum_id,
                     COALESCE(to_jsonb(r) ->> 'dedupe_key', ${p(6)}::text) AS dedupe_key
                FROM recipients r
               WHERE r.user_id IS DISTINCT FROM ${p(4)}::uuid),
            chosen AS (
              SELECT DISTINCT ON (c.user_id, c.dedupe_key) c.*,
                     COALESCE(pref.mode, ${p(3)}) AS mode
                FROM candidates c
                JOIN users u ON u.id = c.user_id
                LEFT JOIN notification_preferences pref
                       ON pref.user_id = c.user_id AND pref.kind = ${p(1)}
               ORDER BY c.user_id, c.dedupe_key)
       INSERT INTO notifications (user_id, kind, forum_id, data, delivery, dedupe_key)
       SELECT user_id, ${p(1)}, forum_id, data, mode, dedupe_key
         FROM chosen WHERE mode <> 'off'
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        ...n.recipients.params,
        n.kind,
        JSON.stringify(n.data),
        defaultDeliveryModes[n.kind],
        n.actorId,
        n.forumId,
        n.dedupeKey ?? null,
      ],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      delivery: row.delivery,
      notification: toNotification(row),
    }));
  }

  /** Stores and dispatches in a transaction of its own (for listeners of committed events). */
  async notify<K extends NotificationKind>(n: NewNotifications<K>): Promise<StoredNotification[]> {
    const stored = await this.db.transaction((tx) => this.create(tx, n));
    await this.dispatch(stored);
    return stored;
  }

  /** After the commit: tells each person's connections (with their unread count) and queues mail. */
  async dispatch(stored: StoredNotification[]): Promise<void> {
    if (stored.length === 0) return;
    const counts = await this.unreadCounts(stored.map((s) => s.userId));
    for (const { userId, notification } of stored) {
      this.events.publish('notification.created', {
        userId,
        notification,
        unreadCount: counts.get(userId) ?? 0,
      });
    }
    const immediate = stored.filter((s) => s.delivery === 'immediate');
    await this.mail.queueImmediate(immediate.map((s) => s.notification.id));
  }

  /** Own notifications, newest first; `cursor` is the `nextCursor` of the page before. */
  async list(userId: string, cursor?: string, limit?: number): Promise<NotificationPage> {
    const take = limit ?? NOTIFICATION_PAGE_DEFAULT;
    const before = cursor === undefined ? null : decodeCursor(cursor);
    const rows = await this.db.query<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM notifications
        WHERE user_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
        ORDER BY seq DESC LIMIT $3`,
      [userId, before, take + 1],
    );
    const page = rows.slice(0, take);
    const last = page.at(-1);
    return {
      items: page.map(toNotification),
      nextCursor: rows.length > take && last ? encodeCursor(last.seq) : null,
      unreadCount: (await this.unreadCounts([userId])).get(userId) ?? 0,
    };
  }

  /**
   * Marks own notifications read: the listed ones (every one must be the
   * person's, or nothing changes) or all. Answers the unread count left.
   */
  async markRead(userId: string, body: MarkNotificationsReadBody): Promise<number> {
    await this.db.transaction(async (tx) => {
      if (body.all) {
        await tx.query(
          `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
          [userId],
        );
        return;
      }
      const ids = [...new Set(body.ids)];
      const [{ owned }] = await tx.query<[{ owned: number }]>(
        `SELECT count(*)::int AS owned FROM notifications WHERE user_id = $1 AND id = ANY($2::uuid[])`,
        [userId, ids],
      );
      if (owned !== ids.length) {
        const message = 'Ukendte beskeder: man kan kun markere sine egne som læst';
        throw new DomainError(400, 'validation_failed', message, [{ path: 'ids', message }]);
      }
      await tx.query(
        `UPDATE notifications SET read_at = now()
          WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL`,
        [userId, ids],
      );
    });
    const unreadCount = (await this.unreadCounts([userId])).get(userId) ?? 0;
    this.events.publish('notifications.read', { userId, unreadCount });
    return unreadCount;
  }

  private async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ user_id: string; unread: number }[]>(
      `SELECT user_id, count(*)::int AS unread FROM notifications
        WHERE user_id = ANY($1::uuid[]) AND read_at IS NULL GROUP BY user_id`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.user_id, r.unread]));
  }
}

/** Opaque to clients: base64url of the last item's `seq`. */
function encodeCursor(seq: string): string {
  return Buffer.from(`n${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^n([1-9][0-9]{0,17})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    const message = 'Ugyldig side-markør';
    throw new DomainError(400, 'validation_failed', message, [{ path: 'cursor', message }]);
  }
  return match[1]!;
}
