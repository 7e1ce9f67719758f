import { z } from 'zod';
import { decimalInteger, Slug, Uuid } from './common.js';
import { PostRef } from './moderation.js';
import { applicationStatuses } from './pool-rules.js';
import { deliveryModes, mailLanguages, notificationKinds } from './notification-kinds.js';

/**
 * What a person can be told about. Stored as a kind plus data, never as a
 * sentence: the client (and the e-mail templates) render it in the reader's
 * language.
 */
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** The languages notifications and e-mails are written in (`users.language`). */
export const MailLanguage = z.enum(mailLanguages);
export type MailLanguage = z.infer<typeof MailLanguage>;

const Moment = z.iso.datetime();
const Count = z.number().int().nonnegative();
const EscalationAnswerStatus = z.enum([
  'received',
  'in_dialogue',
  'accepted',
  'forwarded',
  'declined',
]);

/** The forum a notification is about, named as it was when it was sent. */
const forum = { forumSlug: Slug, forumName: z.string() };
const proposal = { ...forum, proposalId: Uuid, proposalTitle: z.string() };
/** A thread's title is null once the thread itself is hidden or deleted (it is not repeated). */
const thread = { ...forum, debateId: Uuid, debateTitle: z.string().nullable() };
/** A request may be about no forum (an idea across areas sent to the process consultant). */
const request = {
  forumSlug: Slug.nullable(),
  forumName: z.string().nullable(),
  requestId: Uuid,
  subject: z.string(),
};

/** The facts of each kind (stored as `notifications.data`). */
export const NotificationData = {
  /** A vote opened in a forum you are a member of. */
  voteOpened: z.object({
    ...proposal,
    versionNumber: z.number().int().positive(),
    closesAt: Moment,
  }),
  /** A vote you took part in closed. */
  voteClosed: z.object({
    ...proposal,
    outcome: z.enum(['adopted', 'not_adopted']),
    yes: Count,
    no: Count,
    abstain: Count,
  }),
  /** A proposal you wrote or voted on got a public answer. */
  escalationAnswered: z.object({
    ...proposal,
    escalationId: Uuid,
    status: EscalationAnswerStatus,
    answeredBy: z.string().nullable(),
  }),
  /** Someone replied to your debate (`to: debate`) or to your comment (`to: comment`). */
  reply: z.object({
    ...thread,
    commentId: Uuid,
    to: z.enum(['debate', 'comment']),
    authorName: z.string().nullable(),
  }),
  /** A moderator hid your post; `reason` is shown publicly in its place. */
  postHidden: z.object({ ...thread, post: PostRef, reason: z.string().nullable() }),
  /** Contact persons: a post in your forum was reported. */
  reportCreated: z.object({ ...thread, reportId: Uuid, post: PostRef }),
  /** Staff: an escalation is in your inbox (sent to you or handed over to you). */
  escalationReceived: z.object({
    ...proposal,
    escalationId: Uuid,
    answerDueAt: Moment,
    handedOverBy: z.string().nullable(),
  }),
  /** Staff: an escalation in your inbox is due within two days and has no answer. */
  escalationDueSoon: z.object({ ...proposal, escalationId: Uuid, answerDueAt: Moment }),
  /** A request is with you now: sent to you (`handedOverBy` null) or passed on to you. */
  requestReceived: z.object({
    ...request,
    fromName: z.string(),
    handedOverBy: z.string().nullable(),
  }),
  /** Something happened in a request you are in: a message, or a new status. */
  requestUpdated: z.object({
    ...request,
    byName: z.string().nullable(),
    change: z.enum(['message', 'status', 'handedOver', 'invited']),
    status: z.enum(['new', 'in_dialogue', 'passed_on', 'done']),
  }),
  /** An application to a pool from your proposal or forum (staff: your area) took a step. */
  poolApplication: z.object({
    ...proposal,
    applicationId: Uuid,
    poolName: z.string(),
    status: z.enum(applicationStatuses),
    amountDkk: z.number().int().nullable(),
  }),
  /**
   * A vote adopted your proposal (contact persons: a proposal in your forum),
   * but the forum's grant did not cover the amount it asked for: nothing was
   * committed, and a contact person can commit it once there is money.
   */
  grantRefused: z.object({
    ...proposal,
    amountDkk: z.number().int().positive(),
    availableDkk: z.number().int(),
    budgetYear: z.number().int(),
  }),
} satisfies Record<NotificationKind, z.ZodType>;
export type NotificationData = { [K in NotificationKind]: z.infer<(typeof NotificationData)[K]> };

const notification = <K extends NotificationKind>(kind: K) =>
  z.object({
    id: Uuid,
    kind: z.literal(kind),
    data: NotificationData[kind],
    createdAt: Moment,
    readAt: Moment.nullable(),
  });

/** A personal notification, delivered live to the person's own room and listed on their page. */
export const Notification = z.discriminatedUnion('kind', [
  notification('voteOpened'),
  notification('voteClosed'),
  notification('escalationAnswered'),
  notification('reply'),
  notification('postHidden'),
  notification('reportCreated'),
  notification('escalationReceived'),
  notification('escalationDueSoon'),
  notification('requestReceived'),
  notification('requestUpdated'),
  notification('poolApplication'),
  notification('grantRefused'),
]);
export type Notification = z.infer<typeof Notification>;

/** `GET /api/notifications`: newest first, a page at a time. */
export const NotificationPage = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page'),
  unreadCount: Count,
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const NOTIFICATION_PAGE_DEFAULT = 30;
export const NOTIFICATION_PAGE_MAX = 100;

export const NotificationListQuery = {
  cursor: z.string().max(40).optional().describe('`nextCursor` of the page before'),
  limit: decimalInteger(1, NOTIFICATION_PAGE_MAX, `limit: 1 til ${NOTIFICATION_PAGE_MAX}`)
    .optional()
    .describe(`Items per page, default ${NOTIFICATION_PAGE_DEFAULT}`),
};

/** `POST /api/notifications/read`: exactly one of `ids` (own notifications) or `all: true`. */
export const MarkNotificationsReadBody = z
  .strictObject({
    ids: z.array(Uuid).min(1).max(NOTIFICATION_PAGE_MAX).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), {
    message: 'Angiv enten ids eller all: true (præcis én af dem)',
  });
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBody>;

export const UnreadCount = z.object({ unreadCount: Count });
export type UnreadCount = z.infer<typeof UnreadCount>;

/**
 * How a person wants each kind: `immediate` (in the app and one e-mail each),
 * `digest` (in the app, and in the daily e-mail), `off` (neither).
 */
export const DeliveryMode = z.enum(deliveryModes);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

const kindModes = Object.fromEntries(notificationKinds.map((k) => [k, DeliveryMode])) as Record<
  NotificationKind,
  typeof DeliveryMode
>;

/** `GET/PUT /api/notifications/preferences`: every kind's mode and the language mail is written in. */
export const NotificationPreferences = z.strictObject({
  language: MailLanguage.describe('The language of notifications sent by e-mail'),
  kinds: z.strictObject(kindModes),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** The live events of a person's own room. */
export interface NotificationCreatedEvent {
  notification: Notification;
  unreadCount: number;
}
export interface NotificationsReadEvent {
  unreadCount: number;
}

/** What an unsubscribe link turns off: one kind, the digest's kinds, or every kind. */
export const UnsubscribeScope = z.union([NotificationKind, z.enum(['digest', 'all'])]);
export type UnsubscribeScope = z.infer<typeof UnsubscribeScope>;

export const UnsubscribeQuery = {
  token: z.string().min(1).max(300).describe('The token of the link in the e-mail'),
};

/** `GET /api/notifications/unsubscribe`: what the link would turn off (nothing changes). */
export const UnsubscribeInfo = z.object({
  scope: UnsubscribeScope,
  language: MailLanguage,
});
export type UnsubscribeInfo = z.infer<typeof UnsubscribeInfo>;

/** `POST /api/notifications/unsubscribe`: what is turned off now. */
export const UnsubscribeResult = z.object({
  scope: UnsubscribeScope,
  language: MailLanguage,
  kinds: NotificationPreferences.shape.kinds,
});
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;
