import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Notification, NotificationKind } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEventBus } from '../events/domain-event-bus';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  forumId: string;
  debateId: string;
  commentId: string | null;
  text: string;
  reason: string | null;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  forum_slug: string;
  debate_id: string;
  comment_id: string | null;
  text: string;
  reason: string | null;
  created_at: Date;
  read_at: Date | null;
}

const NOTIFICATION_ROWS = `
  SELECT n.id, n.kind, a.slug AS forum_slug, n.debate_id, n.comment_id, n.text, n.reason,
         n.created_at, n.read_at
    FROM notifications n JOIN forums f ON f.id = n.forum_id JOIN areas a ON a.id = f.area_id`;

/** A person's notifications: stored, and delivered live to their own room. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEventBus,
  ) {}

  /** Stores a notification inside `tx`; `deliver` it once that has committed. */
  async create(tx: EntityManager, n: NewNotification): Promise<Notification & { userId: string }> {
    const [{ id }] = await tx.query<[{ id: string }]>(
      `INSERT INTO notifications (user_id, kind, forum_id, debate_id, comment_id, text, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [n.userId, n.kind, n.forumId, n.debateId, n.commentId, n.text, n.reason],
    );
    const [row] = await tx.query<[NotificationRow]>(`${NOTIFICATION_ROWS} WHERE n.id = $1`, [id]);
    return { ...toNotification(row), userId: n.userId };
  }

  /** Announces a stored notification, to be delivered live to the person's connections. */
  deliver(notification: Notification & { userId: string }): void {
    const { userId, ...rest } = notification;
    this.events.publish('notification.created', { userId, notification: rest });
  }

  async listFor(userId: string): Promise<Notification[]> {
    const rows = await this.db.query<NotificationRow[]>(
      `${NOTIFICATION_ROWS} WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT 100`,
      [userId],
    );
    return rows.map(toNotification);
  }
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    forumSlug: row.forum_slug,
    debateId: row.debate_id,
    post: row.comment_id
      ? { kind: 'comment', id: row.comment_id }
      : { kind: 'debate', id: row.debate_id },
    text: row.text,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}
