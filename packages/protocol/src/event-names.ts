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
  'vote.opened',
  'vote.closed',
] as const;
