import { z } from 'zod';
import { Slug, Uuid } from './common.js';
import { PostKind } from './moderation.js';

export const notificationKinds = ['postHidden'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** A personal notification, delivered live to the person's own room and listed on their page. */
export const Notification = z.object({
  id: Uuid,
  kind: NotificationKind,
  forumSlug: Slug,
  debateId: Uuid,
  post: z.object({ kind: PostKind, id: Uuid }),
  text: z.string().describe('What happened, in Danish'),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type Notification = z.infer<typeof Notification>;
