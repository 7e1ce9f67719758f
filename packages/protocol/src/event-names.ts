/** The numbered events of a forum room (see `ForumEventPayloads` in realtime.ts). */
export const forumEventNames = [
  'debate.created',
  'debate.edited',
  'debate.deleted',
  'debate.hidden',
  'debate.locked',
  'debate.unlocked',
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'comment.hidden',
  'proposal.changed',
  'proposal.escalated',
  'escalation.answered',
  'escalation.handedOver',
  'proposal.versionFrozen',
] as const;
