import type {
  ApplicationStatus,
  ForumEvent,
  ForumEventName,
  Notification,
  ProposalStatus,
  Tally,
} from '@lokalforum/protocol';

/** The statuses a staff answer can give an escalation (shared with `escalation_answers.status`). */
export type EscalationAnswerStatus =
  'received' | 'in_dialogue' | 'accepted' | 'forwarded' | 'declined';

/** A forum as events name it: the id for storage, the slug for clients. */
export interface ForumRef {
  id: string;
  slug: string;
}

/** A numbered forum event with the forum it belongs to. */
export interface ForumEventRecord<E extends ForumEventName = ForumEventName> {
  forumId: string;
  event: ForumEvent<E>;
}

/** Why a session stopped being valid before its expiry. */
export type SessionEndReason = 'signedOut' | 'revoked';

/** A role that bears on what a person may do in a forum (membership itself is its own event). */
export type EndedRole = 'contactPerson' | 'staff';

/**
 * Effects that cross modules, by name (`domain.verb`, past tense). Payloads are
 * plain JSON: they travel between nodes. Domain services publish them after
 * their change has committed; realtime, collaboration and notifications listen.
 */
export interface DomainEvents {
  /** A numbered forum event was committed (published by `ForumEventOutbox`). */
  'forumEvent.committed': ForumEventRecord;
  /** A notification for one person was stored. */
  'notification.created': { userId: string; notification: Notification; unreadCount: number };
  /** Some of a person's notifications were marked read; `unreadCount` is what is left. */
  'notifications.read': { userId: string; unreadCount: number };
  /**
   * A session ended before its time. Expiry is not announced: every connection
   * knows when its own session expires and acts on it then.
   */
  'session.ended': { sessionId: string; userId: string; reason: SessionEndReason };
  /** A person left a forum (their contact-person role there ended with it). */
  'membership.ended': { forumId: string; userId: string };
  /** A contact-person role (in `forumId`) or a staff role (`forumId` null) was taken away. */
  'role.ended': { userId: string; role: EndedRole; forumId: string | null };
  /** A proposal moved from one status to another (e.g. out of `draft` when its vote opens). */
  'proposal.statusChanged': {
    proposalId: string;
    forumId: string;
    from: ProposalStatus;
    to: ProposalStatus;
  };
  /** A vote opened on a frozen version (the proposal is `voting` from now on). */
  'vote.opened': {
    voteId: string;
    proposalId: string;
    forumId: string;
    versionNumber: number;
    closesAt: string;
  };
  /** A ballot was cast or changed (the tally is derived again by whoever needs it). */
  'ballot.cast': { voteId: string; proposalId: string; forumId: string; userId: string };
  /** A vote closed, at its deadline, early or when every eligible member had voted. */
  'vote.closed': {
    voteId: string;
    proposalId: string;
    forumId: string;
    outcome: 'adopted' | 'not_adopted';
    yes: number;
    no: number;
    abstain: number;
  };
  /** An adopted proposal was escalated; `recipientId` is the staff member whose inbox it is in. */
  'proposal.escalated': {
    escalationId: string;
    proposalId: string;
    forumId: string;
    recipientId: string | null;
    answerDueAt: string;
  };
  /** A staff member answered an escalation publicly. */
  'escalation.answered': {
    escalationId: string;
    proposalId: string;
    forumId: string;
    answerId: string;
    status: EscalationAnswerStatus;
  };
  /** An escalation was handed to a colleague. */
  'escalation.handedOver': {
    escalationId: string;
    proposalId: string;
    forumId: string;
    fromId: string | null;
    toId: string;
  };
  /** An application to a municipal pool was received or took a step (`status` is the new one). */
  'poolApplication.changed': {
    applicationId: string;
    proposalId: string;
    forumId: string;
    status: ApplicationStatus;
    actorId: string;
  };
  /** An adopted amount was not committed: the forum's grant did not cover it (recorded once per vote). */
  'grant.refused': {
    proposalId: string;
    forumId: string;
    amountDkk: number;
    availableDkk: number;
    budgetYear: number;
  };
  /** A running vote's tally as counted now (coalesced per vote; forum rooms show it). */
  'tally.changed': { forum: ForumRef; tally: Tally };
  /** A post was reported (contact persons of the forum are told). */
  'report.created': {
    reportId: string;
    forumId: string;
    debateId: string;
    commentId: string | null;
  };
  /** A request is with `recipientId` now: sent to them, or passed on to them by `handedOverById`. */
  'request.received': {
    requestId: string;
    recipientId: string;
    handedOverById: string | null;
  };
  /** Someone in a request wrote, set its status, passed it on, or invited `invitedEmail`. */
  'request.updated': {
    requestId: string;
    actorId: string;
    change: 'message' | 'status' | 'handedOver' | 'invited';
    invitedEmail: string | null;
  };
}
export type DomainEventName = keyof DomainEvents;

const names: Record<DomainEventName, true> = {
  'forumEvent.committed': true,
  'notification.created': true,
  'notifications.read': true,
  'session.ended': true,
  'membership.ended': true,
  'role.ended': true,
  'proposal.statusChanged': true,
  'vote.opened': true,
  'ballot.cast': true,
  'vote.closed': true,
  'proposal.escalated': true,
  'escalation.answered': true,
  'escalation.handedOver': true,
  'report.created': true,
  'tally.changed': true,
  'request.received': true,
  'request.updated': true,
  'poolApplication.changed': true,
  'grant.refused': true,
};

export function isDomainEventName(name: unknown): name is DomainEventName {
  return typeof name === 'string' && Object.hasOwn(names, name);
}
