import type { Notification } from './notifications.js';

/*
 * The zod-free part of notifications, for browser code too (`./browser`).
 */

/**
 * What a person can be told about. Stored as a kind plus data, never as a
 * sentence: the client (and the e-mail templates) render it in the reader's
 * language.
 */
export const notificationKinds = [
  'voteOpened',
  'voteClosed',
  'escalationAnswered',
  'reply',
  'postHidden',
  'reportCreated',
  'escalationReceived',
  'escalationDueSoon',
  'requestReceived',
  'requestUpdated',
  'poolApplication',
  'grantRefused',
] as const;
type Kind = (typeof notificationKinds)[number];

/** The languages notifications and e-mails are written in (`users.language`). */
export const mailLanguages = ['da', 'en'] as const;

/**
 * How a person wants each kind: `immediate` (in the app and one e-mail each),
 * `digest` (in the app, and in the daily e-mail), `off` (neither).
 */
export const deliveryModes = ['immediate', 'digest', 'off'] as const;
type Mode = (typeof deliveryModes)[number];

/** What a person gets before they choose: personal things at once, forum news in the digest. */
export const defaultDeliveryModes: Record<Kind, Mode> = {
  voteOpened: 'digest',
  voteClosed: 'digest',
  escalationAnswered: 'immediate',
  reply: 'immediate',
  postHidden: 'immediate',
  reportCreated: 'digest',
  escalationReceived: 'immediate',
  escalationDueSoon: 'immediate',
  requestReceived: 'immediate',
  requestUpdated: 'immediate',
  poolApplication: 'immediate',
  grantRefused: 'immediate',
};

/** The group a notification falls in within the daily digest. */
export type DigestSubject =
  | { kind: 'proposal'; id: string; title: string; forumSlug: string }
  | { kind: 'debate'; id: string; title: string | null; forumSlug: string }
  | { kind: 'request'; id: string; title: string; forumSlug: string | null };

/** What a digest counts per proposal or thread. */
export const digestChangeKinds = [
  'statusChange',
  'comment',
  'report',
  'hidden',
  'reminder',
] as const;
export type DigestChangeKind = (typeof digestChangeKinds)[number];

/** Which count a notification adds to in a digest. */
export const digestChangeOf: Record<Kind, DigestChangeKind> = {
  voteOpened: 'statusChange',
  voteClosed: 'statusChange',
  escalationAnswered: 'statusChange',
  escalationReceived: 'statusChange',
  reply: 'comment',
  postHidden: 'hidden',
  reportCreated: 'report',
  escalationDueSoon: 'reminder',
  requestReceived: 'statusChange',
  requestUpdated: 'comment',
  poolApplication: 'statusChange',
  grantRefused: 'statusChange',
};

/** The proposal or thread a notification is about: where a link goes and what a digest groups by. */
export function notificationSubject(n: Notification): DigestSubject {
  const d = n.data;
  if ('requestId' in d) {
    return { kind: 'request', id: d.requestId, title: d.subject, forumSlug: d.forumSlug };
  }
  if ('proposalId' in d) {
    return { kind: 'proposal', id: d.proposalId, title: d.proposalTitle, forumSlug: d.forumSlug };
  }
  return { kind: 'debate', id: d.debateId, title: d.debateTitle, forumSlug: d.forumSlug };
}

/** The web app's path for a notification (proposal page, or the thread at the post). */
export function notificationPath(n: Notification): string {
  switch (n.kind) {
    case 'reply':
      return `/debatter/${n.data.debateId}#post-${n.data.commentId}`;
    case 'postHidden':
    case 'reportCreated':
      return `/debatter/${n.data.debateId}#post-${n.data.post.id}`;
    case 'voteOpened':
    case 'voteClosed':
    case 'escalationAnswered':
    case 'escalationReceived':
    case 'escalationDueSoon':
    case 'grantRefused':
      return `/forslag/${n.data.proposalId}`;
    case 'requestReceived':
    case 'requestUpdated':
      return `/henvendelser/${n.data.requestId}`;
    case 'poolApplication':
      return `/ansoegninger/${n.data.applicationId}`;
  }
}
