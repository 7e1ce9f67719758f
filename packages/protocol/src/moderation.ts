import { z } from 'zod';
import { Slug, Uuid } from './common.js';
import { PostAuthor, PostState, plainText } from './debates.js';
import { MODERATION_REASON_MAX, REPORT_REASON_MAX } from './limits.js';

/** A debate's opening post or a comment: what can be reported and hidden. */
export const postKinds = ['debate', 'comment'] as const;
export const PostKind = z.enum(postKinds);
export type PostKind = z.infer<typeof PostKind>;

export const PostRef = z.strictObject({ kind: PostKind, id: Uuid });
export type PostRef = z.infer<typeof PostRef>;

export const ReportReason = plainText(REPORT_REASON_MAX, 'Skriv, hvad der er galt', 'multiline');
export const ModerationReason = plainText(
  MODERATION_REASON_MAX,
  'Skriv en begrundelse',
  'multiline',
);

export const CreateReportBody = z.strictObject({ post: PostRef, reason: ReportReason });
export type CreateReportBody = z.input<typeof CreateReportBody>;

export const CreatedReport = z.object({ id: Uuid, createdAt: z.iso.datetime() });
export type CreatedReport = z.infer<typeof CreatedReport>;

/** A report in the queue of the forum's contact persons and staff. */
export const Report = z.object({
  id: Uuid,
  forumSlug: Slug,
  post: PostRef,
  debateId: Uuid,
  reason: z.string(),
  reporter: z.object({ userId: Uuid, name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  content: z
    .object({
      title: z.string().nullable().describe('Debates only'),
      body: z.string(),
      author: PostAuthor.nullable(),
      state: PostState,
    })
    .describe('The reported post as written, for the moderator'),
});
export type Report = z.infer<typeof Report>;

/** Hiding shows `reason` publicly in the post's place. */
export const HidePostBody = z.strictObject({ reason: ModerationReason });
export type HidePostBody = z.input<typeof HidePostBody>;

export const LockDebateBody = z.strictObject({ reason: ModerationReason.optional() });
export type LockDebateBody = z.input<typeof LockDebateBody>;

export const moderationActions = ['hide', 'lock', 'unlock'] as const;
export const ModerationAction = z.enum(moderationActions);
export type ModerationAction = z.infer<typeof ModerationAction>;

/** One entry of a forum's public moderation log (moderationslog). */
export const ModerationLogEntry = z.object({
  id: Uuid,
  forumSlug: Slug,
  action: ModerationAction,
  post: PostRef,
  debateId: Uuid,
  reason: z.string().nullable(),
  moderator: z.object({ userId: Uuid, name: z.string() }).nullable(),
  at: z.iso.datetime(),
});
export type ModerationLogEntry = z.infer<typeof ModerationLogEntry>;
