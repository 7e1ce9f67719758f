import { z } from 'zod';
import { Slug, Uuid, decimalInteger, textRule } from './common.js';
import { DEBATE_TITLE_MAX, POST_BODY_MAX } from './limits.js';
import { StaffKind } from './people.js';
import type { TextKind } from './text-rules.js';

/**
 * Open debates (debattråde): threads anyone signed in may start and answer in a
 * lokalforum, member or not. Text is plain text: clients render it escaped,
 * never as HTML.
 */

/** Plain text of `kind` between 1 and `max` characters after trimming (see text-rules.ts). */
export const plainText = (max: number, missing: string, kind: TextKind) =>
  z.string().trim().min(1, missing).max(max, `Højst ${max} tegn`).superRefine(textRule(kind));

export const DebateTitle = plainText(DEBATE_TITLE_MAX, 'Titlen mangler', 'line');
export const PostBody = plainText(POST_BODY_MAX, 'Teksten mangler', 'multiline');

/**
 * What the public sees of a post: `visible`; `hidden` by a moderator (the
 * public reason is shown in its place); `deleted` by its author.
 */
export const postStates = ['visible', 'hidden', 'deleted'] as const;
export const PostState = z.enum(postStates);
export type PostState = z.infer<typeof PostState>;

/** Who wrote a post. `staff` marks answers from a fælles-skaber or the process consultant. */
export const PostAuthor = z.object({
  userId: Uuid,
  name: z.string(),
  staff: StaffKind.nullable(),
});
export type PostAuthor = z.infer<typeof PostAuthor>;

/** A debate thread and its opening post. */
export const Debate = z.object({
  id: Uuid,
  forumSlug: Slug,
  title: z.string().nullable().describe('Null when hidden or deleted'),
  body: z.string().nullable().describe('Null when hidden or deleted'),
  author: PostAuthor.nullable().describe('Null when hidden or deleted'),
  proposalId: Uuid.nullable().describe('The proposal this debate is about, in the same forum'),
  state: PostState,
  hiddenReason: z.string().nullable().describe('Shown in place of a hidden post'),
  locked: z.boolean().describe('A locked thread takes no new comments or edits'),
  lockedReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable().describe('Set once the author has edited it'),
  lastActivityAt: z.iso.datetime(),
  commentCount: z.number().int().nonnegative(),
});
export type Debate = z.infer<typeof Debate>;

/** A comment; replies nest one level (`parentId` is a top-level comment of the same debate). */
export const Comment = z.object({
  id: Uuid,
  debateId: Uuid,
  parentId: Uuid.nullable(),
  body: z.string().nullable().describe('Null when hidden or deleted'),
  author: PostAuthor.nullable().describe('Null when hidden or deleted'),
  state: PostState,
  hiddenReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
});
export type Comment = z.infer<typeof Comment>;

/**
 * `seq` is the forum's event sequence number when the data was read: join the
 * forum's Socket.IO room with `{ slug, since: seq }` to get every later change.
 */
const Seq = z
  .number()
  .int()
  .nonnegative()
  .describe('Forum event sequence number at reading time (for `forum.join` `since`)');

export const DebatePage = z.object({
  items: z.array(Debate).describe('Newest activity first; deleted threads are left out'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page'),
  seq: Seq,
});
export type DebatePage = z.infer<typeof DebatePage>;

/** What the person asking may do in a thread. */
export const DebatePermissions = z.object({
  comment: z.boolean(),
  edit: z.boolean(),
  delete: z.boolean(),
  report: z.boolean(),
  moderate: z.boolean().describe('Hide posts and lock the thread (contact persons and staff)'),
});
export type DebatePermissions = z.infer<typeof DebatePermissions>;

export const DebateThread = z.object({
  debate: Debate,
  comments: z.array(Comment).describe('Oldest first; replies carry their parentId'),
  permissions: DebatePermissions,
  seq: Seq,
});
export type DebateThread = z.infer<typeof DebateThread>;

export const CreateDebateBody = z.strictObject({
  title: DebateTitle,
  body: PostBody,
  proposalId: Uuid.optional().describe('Link the debate to a proposal of the same forum'),
});
export type CreateDebateBody = z.input<typeof CreateDebateBody>;

export const EditDebateBody = z
  .strictObject({ title: DebateTitle.optional(), body: PostBody.optional() })
  .refine((b) => b.title !== undefined || b.body !== undefined, 'Skriv en ny titel eller tekst');
export type EditDebateBody = z.input<typeof EditDebateBody>;

export const CreateCommentBody = z.strictObject({
  body: PostBody,
  parentId: Uuid.optional().describe('Answer this top-level comment (replies nest one level)'),
});
export type CreateCommentBody = z.input<typeof CreateCommentBody>;

export const EditCommentBody = z.strictObject({ body: PostBody });
export type EditCommentBody = z.input<typeof EditCommentBody>;

export const DebateListQuery = {
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'Ugyldig side-markør')
    .optional()
    .describe('`nextCursor` of the previous page'),
  limit: decimalInteger(1, 100, 'Vælg mellem 1 og 100 pr. side').default(20),
  proposalId: Uuid.optional().describe('Only debates linked to this proposal'),
};

/** A proposal's debates (`GET /api/proposals/:id/debates`): visible ones only, paged alike. */
export const ProposalDebateListQuery = {
  cursor: DebateListQuery.cursor,
  limit: DebateListQuery.limit,
};

/** An earlier text of an edited post, oldest first; the current text is the post itself. */
export const PostRevision = z.object({
  number: z.number().int().positive(),
  title: z.string().nullable().describe('Debates only'),
  body: z.string(),
  writtenAt: z.iso.datetime().describe('When this text was posted or last edited'),
});
export type PostRevision = z.infer<typeof PostRevision>;

/** What changed in a thread when a comment arrived (for the forum's thread list). */
export const ThreadActivity = z.object({
  id: Uuid,
  commentCount: z.number().int().nonnegative(),
  lastActivityAt: z.iso.datetime(),
});
export type ThreadActivity = z.infer<typeof ThreadActivity>;
