import type { Notification, NotificationKind } from '@lokalforum/protocol';

/** A stored notification as clients get it (the data was checked by type when it was stored). */
export function toNotification(row: {
  id: string;
  kind: NotificationKind;
  data: object;
  created_at: Date;
  read_at: Date | null;
}): Notification {
  return {
    id: row.id,
    kind: row.kind,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  } as Notification;
}
