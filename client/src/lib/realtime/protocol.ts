import type {
  DEBATE_TITLE_MAX as ProtocolTitleMax,
  POST_BODY_MAX as ProtocolBodyMax,
  REALTIME_PATH as ProtocolRealtimePath,
  forumEventNames as ProtocolForumEventNames,
} from '@lokalforum/protocol';

/*
 * The realtime and debate constants browser code needs, repeated here so that
 * no zod schema of `@lokalforum/protocol` reaches the browser bundle (see
 * `$lib/collab/protocol.ts`). `satisfies` holds them equal to the originals.
 */

export const REALTIME_PATH = '/socket.io' satisfies typeof ProtocolRealtimePath;

export const DEBATE_TITLE_MAX = 200 satisfies typeof ProtocolTitleMax;
export const POST_BODY_MAX = 5000 satisfies typeof ProtocolBodyMax;
/** `ReportReason` and `ModerationReason` in the protocol's moderation schemas. */
export const REPORT_REASON_MAX = 500;
export const MODERATION_REASON_MAX = 300;

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
] as const satisfies typeof ProtocolForumEventNames;
