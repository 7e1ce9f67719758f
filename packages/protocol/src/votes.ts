import { z } from 'zod';
import { Slug, Uuid, textRule } from './common.js';
import { ProposalStatus } from './proposals.js';

/** The longest a vote may run, and the bounds of a forum's default voting period. */
export const VOTING_DAYS_MAX = 60;

/** A running vote's room hears at most one `tally.changed` in this time, however many vote. */
export const TALLY_COALESCE_MS = 250;

/** How a vote's outcome is decided from its yes and no ballots (abstentions count for quorum only). */
export const majorities = ['moreYesThanNo', 'twoThirds'] as const;
export const Majority = z.enum(majorities);
export type Majority = z.infer<typeof Majority>;

/** Whether the counts are public while the vote runs (the number who voted always is). */
export const tallyVisibilities = ['live', 'hiddenUntilClose'] as const;
export const TallyVisibility = z.enum(tallyVisibilities);
export type TallyVisibility = z.infer<typeof TallyVisibility>;

/** A forum's voting rules (afstemningsregler); a forum that never set them has `defaultForumRules`. */
export const ForumRules = z.strictObject({
  votingDays: z
    .number()
    .int('Et helt antal dage')
    .min(1, 'Mindst 1 dag')
    .max(VOTING_DAYS_MAX, `Højst ${VOTING_DAYS_MAX} dage`)
    .describe('Default voting period in days'),
  quorum: z
    .number()
    .int('Et helt antal stemmer')
    .min(1, 'Mindst 1 stemme')
    .max(100_000)
    .nullable()
    .describe('Minimum number of ballots cast (abstentions included); null: none'),
  majority: Majority,
  tallyVisibility: TallyVisibility,
  membersBeforeVoteOnly: z
    .boolean()
    .describe('Only members who joined before the vote opened may vote'),
  authorsMayOpenVotes: z
    .boolean()
    .describe('A proposal’s authors may open its vote, not only contact persons'),
});
export type ForumRules = z.infer<typeof ForumRules>;

export const defaultForumRules: ForumRules = {
  votingDays: 7,
  quorum: null,
  majority: 'moreYesThanNo',
  tallyVisibility: 'live',
  membersBeforeVoteOnly: true,
  authorsMayOpenVotes: false,
};

/** `PUT /api/forums/:slug/rules`: every rule, as the form shows them. */
export const PutForumRulesBody = ForumRules;
export type PutForumRulesBody = ForumRules;

/** `GET /api/forums/:slug/rules` */
export const ForumRulesView = z.object({
  forumSlug: Slug,
  rules: ForumRules,
  updatedAt: z.iso.datetime().nullable().describe('Null while the forum has the defaults'),
  updatedBy: z.object({ userId: Uuid, name: z.string() }).nullable(),
  permissions: z.object({ manage: z.boolean() }).describe('What the person asking may do'),
});
export type ForumRulesView = z.infer<typeof ForumRulesView>;

/** `POST /api/proposals/:id/vote` */
export const OpenVoteBody = z.strictObject({
  closesAt: z.iso
    .datetime({ offset: true, message: 'Et tidspunkt som 2026-12-24T12:00:00Z' })
    .optional()
    .describe('When the vote closes; in the future, within 60 days. Default: now + votingDays'),
});
export type OpenVoteBody = z.infer<typeof OpenVoteBody>;

export const ballotChoices = ['yes', 'no', 'abstain'] as const;
export const BallotChoice = z.enum(ballotChoices, { message: 'Vælg ja, nej eller hverken/eller' });
export type BallotChoice = z.infer<typeof BallotChoice>;

/** Whom a member speaks for on their ballot; it changes nothing about its weight. */
export const SpeaksFor = z
  .string()
  .trim()
  .min(1, 'Skriv hvem du taler for, eller lad feltet være tomt')
  .max(200, 'Højst 200 tegn')
  .superRefine(textRule('line'));

/** `PUT /api/proposals/:id/ballot` */
export const CastBallotBody = z.strictObject({
  choice: BallotChoice,
  speaksFor: SpeaksFor.nullable().optional(),
});
export type CastBallotBody = z.input<typeof CastBallotBody>;

export const Ballot = z.object({
  voteId: Uuid,
  versionNumber: z.number().int().positive(),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  choice: BallotChoice,
  speaksFor: z.string().nullable(),
  castAt: z.iso.datetime(),
  changedAt: z.iso.datetime(),
});
export type Ballot = z.infer<typeof Ballot>;

/** `GET /api/proposals/:id/ballot`: the asker's own ballot in the latest vote, never anyone else's. */
export const MyBallot = z.object({
  ballot: Ballot.nullable(),
  eligible: z.boolean().describe('Whether the asker may vote in this vote'),
});
export type MyBallot = z.infer<typeof MyBallot>;

export const VoteOutcome = z.enum(['adopted', 'not_adopted']);
export type VoteOutcome = z.infer<typeof VoteOutcome>;
export const CloseReason = z.enum(['deadline', 'early', 'allVoted']);
export type CloseReason = z.infer<typeof CloseReason>;

/** The tally of a proposal's latest vote, always counted from its ballots. */
export const Tally = z.object({
  proposalId: Uuid,
  voteId: Uuid,
  versionNumber: z.number().int().positive(),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  open: z.boolean(),
  openedAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  closeReason: CloseReason.nullable(),
  outcome: VoteOutcome.nullable(),
  rules: z.object({
    quorum: z.number().int().nullable(),
    majority: Majority,
    tallyVisibility: TallyVisibility,
    membersBeforeVoteOnly: z.boolean(),
  }),
  eligible: z.number().int().nonnegative().describe('Members who may vote (now, or at closing)'),
  voted: z.number().int().nonnegative().describe('Ballots cast'),
  yes: z.number().int().nonnegative().nullable().describe('Null while hidden until close'),
  no: z.number().int().nonnegative().nullable(),
  abstain: z.number().int().nonnegative().nullable(),
});
export type Tally = z.infer<typeof Tally>;

/** What the asker may do with a proposal's lifecycle (`GET /api/proposals/:id/lifecycle`). */
export const LifecyclePermissions = z.object({
  openVote: z.boolean(),
  closeVote: z.boolean(),
  vote: z.boolean(),
  withdraw: z.boolean(),
  redraft: z.boolean(),
});
export type LifecyclePermissions = z.infer<typeof LifecyclePermissions>;

export const ProposalLifecycle = z.object({
  proposalId: Uuid,
  status: ProposalStatus,
  permissions: LifecyclePermissions,
  /** When a vote opened now would close by default (the forum's voting period). */
  defaultClosesAt: z.iso.datetime(),
});
export type ProposalLifecycle = z.infer<typeof ProposalLifecycle>;

/** `POST /api/proposals/:id/withdraw` and `/redraft`: an optional reason for the timeline. */
export const LifecycleMoveBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000, 'Højst 2000 tegn')
    .superRefine(textRule('multiline'))
    .optional(),
});
export type LifecycleMoveBody = z.infer<typeof LifecycleMoveBody>;
