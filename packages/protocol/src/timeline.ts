import { z } from 'zod';
import { Slug, Uuid } from './common.js';
import { applicationStatuses } from './pool-rules.js';
import { ProposalStatus } from './proposals.js';

/** What a proposal's public timeline records (`proposal_timeline.kind`). */
export const timelineKinds = [
  'statusChanged',
  'voteOpened',
  'voteClosed',
  'escalated',
  'answered',
  'handedOver',
  'poolApplication',
  'grantCommitted',
  'grantRefused',
] as const;
export const TimelineKind = z.enum(timelineKinds);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** The part the actor played, as it was at the time; `system` is the server itself. */
export const timelineActorRoles = [
  'member',
  'contactPerson',
  'coCreator',
  'processConsultant',
  'administrator',
  'system',
] as const;
export const TimelineActorRole = z.enum(timelineActorRoles);
export type TimelineActorRole = z.infer<typeof TimelineActorRole>;

export const TimelineActor = z.object({
  userId: Uuid.nullable().describe('Null for the server itself, or a person who has since left'),
  name: z.string().nullable(),
  role: TimelineActorRole,
});
export type TimelineActor = z.infer<typeof TimelineActor>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The facts of each kind of entry (stored as `proposal_timeline.data`). */
export const TimelineData = {
  statusChanged: z.object({ from: ProposalStatus, to: ProposalStatus }),
  voteOpened: z.object({
    voteId: Uuid,
    versionNumber: z.number().int().positive(),
    textSha256: Sha256,
    closesAt: z.iso.datetime(),
  }),
  voteClosed: z.object({
    voteId: Uuid,
    outcome: z.enum(['adopted', 'not_adopted']),
    reason: z.enum(['deadline', 'early', 'allVoted']),
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    abstain: z.number().int().nonnegative(),
  }),
  escalated: z.object({
    escalationId: Uuid,
    recipientName: z.string().nullable(),
    recipientKind: z.enum(['coCreator', 'processConsultant']),
    answerDueAt: z.iso.datetime(),
  }),
  answered: z.object({
    escalationId: Uuid,
    answerId: Uuid,
    status: z.enum(['received', 'in_dialogue', 'accepted', 'forwarded', 'declined']),
    department: z.string().nullable(),
    text: z.string(),
  }),
  handedOver: z.object({
    escalationId: Uuid,
    fromName: z.string().nullable(),
    toName: z.string().nullable(),
    note: z.string().nullable(),
  }),
  /** A step of an application to a municipal pool: `amountDkk` asked for, or granted. */
  poolApplication: z.object({
    applicationId: Uuid,
    poolSlug: Slug,
    poolName: z.string(),
    status: z.enum(applicationStatuses),
    amountDkk: z.number().int().nullable(),
    text: z.string().nullable().describe("A decline's reasons, a grant's note, a report"),
  }),
  grantCommitted: z.object({
    entryId: Uuid,
    amountDkk: z.number().int().positive(),
    budgetYear: z.number().int(),
    versionNumber: z.number().int().positive().nullable(),
  }),
  grantRefused: z.object({
    voteId: Uuid.nullable(),
    amountDkk: z.number().int().positive(),
    availableDkk: z.number().int(),
    budgetYear: z.number().int(),
    versionNumber: z.number().int().positive().nullable(),
  }),
} satisfies Record<TimelineKind, z.ZodType>;
export type TimelineData = { [K in TimelineKind]: z.infer<(typeof TimelineData)[K]> };

const entry = <K extends TimelineKind>(kind: K) =>
  z.object({
    id: z.string().describe('Ascending within the proposal'),
    kind: z.literal(kind),
    at: z.iso.datetime(),
    actor: TimelineActor,
    reason: z.string().nullable(),
    data: TimelineData[kind],
  });

/** One step in a proposal's public history. */
export const TimelineEntry = z.discriminatedUnion('kind', [
  entry('statusChanged'),
  entry('voteOpened'),
  entry('voteClosed'),
  entry('escalated'),
  entry('answered'),
  entry('handedOver'),
  entry('poolApplication'),
  entry('grantCommitted'),
  entry('grantRefused'),
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** `GET /api/proposals/:id/timeline`: oldest first. */
export const ProposalTimeline = z.object({ proposalId: Uuid, entries: z.array(TimelineEntry) });
export type ProposalTimeline = z.infer<typeof ProposalTimeline>;
