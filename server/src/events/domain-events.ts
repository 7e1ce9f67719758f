import type {
  ForumEvent,
  ForumEventName,
  Notification,
  ProposalStatus,
} from '@lokalforum/protocol';

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
  'notification.created': { userId: string; notification: Notification };
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
}
export type DomainEventName = keyof DomainEvents;

const names: Record<DomainEventName, true> = {
  'forumEvent.committed': true,
  'notification.created': true,
  'session.ended': true,
  'membership.ended': true,
  'role.ended': true,
  'proposal.statusChanged': true,
};

export function isDomainEventName(name: unknown): name is DomainEventName {
  return typeof name === 'string' && Object.hasOwn(names, name);
}
