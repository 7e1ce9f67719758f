import { z } from 'zod';
import { Slug, Uuid, textRule } from './common.js';
import { plainText } from './debates.js';
import { SearchText } from './search.js';
import {
  ESCALATION_ANSWER_MAX,
  ESCALATION_DECLINE_REASON_MIN,
  ESCALATION_DEPARTMENT_MAX,
  ESCALATION_DISSENT_MAX,
  ESCALATION_HANDOVER_NOTE_MAX,
  STAFF_HELP_WITH_MAX,
  STAFF_PHONE_MAX,
} from './limits.js';
import { StaffKind } from './people.js';
import { ProposalStatus } from './proposals.js';
import { RequestStatus } from './requests.js';

/**
 * Escalations (eskalering): an adopted proposal sent to the area's
 * fælles-skaber, another fælles-skaber chosen by field, or the process
 * consultant, with a sealed package and a public answer-due date; the staff
 * answers and hand-overs on it; what staff see in their workspace; and the
 * forum's decisions as open data.
 */

/** What a staff answer says: modtaget, i dialog, accepteret, videresendt, afvist. */
export const escalationAnswerStatuses = [
  'received',
  'in_dialogue',
  'accepted',
  'forwarded',
  'declined',
] as const;
export const EscalationAnswerStatus = z.enum(escalationAnswerStatuses);
export type EscalationAnswerStatus = z.infer<typeof EscalationAnswerStatus>;

/** `waiting` until the first answer, then the latest answer's status. */
export const EscalationStatus = z.enum(['waiting', ...escalationAnswerStatuses]);
export type EscalationStatus = z.infer<typeof EscalationStatus>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** `POST /api/proposals/:id/escalation`. */
export const EscalateBody = z.strictObject({
  to: z
    .union([Uuid, z.literal('processConsultant')])
    .optional()
    .describe(
      "A staff member's user id, or the process consultant; default: the area's fælles-skaber",
    ),
  dissent: plainText(ESCALATION_DISSENT_MAX, 'Teksten mangler', 'multiline')
    .optional()
    .describe('The view of the no side, in short'),
});
export type EscalateBody = z.infer<typeof EscalateBody>;

/** `POST /api/escalations/:id/answers`: `department` iff `forwarded`; a decline gives reasons. */
export const AnswerEscalationBody = z
  .strictObject({
    status: EscalationAnswerStatus,
    text: plainText(ESCALATION_ANSWER_MAX, 'Skriv et svar', 'multiline'),
    department: plainText(ESCALATION_DEPARTMENT_MAX, 'Skriv hvilken afdeling', 'line').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.status === 'forwarded' && !body.department) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: 'Skriv hvilken afdeling' });
    }
    if (body.status !== 'forwarded' && body.department !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['department'],
        message: 'En afdeling angives kun, når forslaget videresendes',
      });
    }
    if (body.status === 'declined' && body.text.length < ESCALATION_DECLINE_REASON_MIN) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `Begrund afslaget (mindst ${ESCALATION_DECLINE_REASON_MIN} tegn)`,
      });
    }
  });
export type AnswerEscalationBody = z.infer<typeof AnswerEscalationBody>;

/** `POST /api/escalations/:id/handover`. */
export const HandOverEscalationBody = z.strictObject({
  to: Uuid.describe("The colleague's user id"),
  note: plainText(ESCALATION_HANDOVER_NOTE_MAX, 'Teksten mangler', 'multiline').optional(),
});
export type HandOverEscalationBody = z.infer<typeof HandOverEscalationBody>;

/** Staff as others see them on an escalation: name, kind and field. */
export const StaffRef = z.object({
  userId: Uuid,
  name: z.string(),
  kind: StaffKind,
  field: z.string(),
});
export type StaffRef = z.infer<typeof StaffRef>;

/**
 * What an escalation seals (`escalations.package`, never changed afterwards):
 * the frozen text and its hash, the final tally, the forum, the authors, the
 * dissenting view and the debates about the proposal.
 */
export const SealedPackage = z.object({
  proposal: z.object({ id: Uuid, title: z.string() }),
  version: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    text: z.string(),
    textSha256: Sha256,
  }),
  tally: z.object({
    voteId: Uuid,
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    abstain: z.number().int().nonnegative(),
    closedAt: z.iso.datetime(),
  }),
  forum: z.object({ slug: Slug, name: z.string() }),
  authors: z.array(z.object({ name: z.string() })),
  dissent: z.string().nullable(),
  debates: z.array(z.object({ id: Uuid, title: z.string(), path: z.string() })),
  sealedAt: z.iso.datetime(),
});
export type SealedPackage = z.infer<typeof SealedPackage>;

/** The package without the frozen text (room events carry this; the text is on the version page). */
export const SealedPackageSummary = SealedPackage.extend({
  version: SealedPackage.shape.version.omit({ text: true }),
});
export type SealedPackageSummary = z.infer<typeof SealedPackageSummary>;

/** A public answer, signed with the name and role its author had then. */
export const EscalationAnswer = z.object({
  id: Uuid,
  status: EscalationAnswerStatus,
  department: z.string().nullable(),
  text: z.string(),
  author: z.object({ name: z.string(), role: StaffKind }),
  createdAt: z.iso.datetime(),
});
export type EscalationAnswer = z.infer<typeof EscalationAnswer>;

export const EscalationHandover = z.object({
  id: Uuid,
  fromName: z.string().nullable(),
  toName: z.string().nullable(),
  byName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type EscalationHandover = z.infer<typeof EscalationHandover>;

const escalationFields = {
  id: Uuid,
  proposalId: Uuid,
  forumSlug: Slug,
  recipientKind: StaffKind,
  recipient: StaffRef.nullable().describe('To whom it was sent (null: that person has left)'),
  assignee: StaffRef.nullable().describe('Whose inbox it is in now'),
  escalatedAt: z.iso.datetime(),
  answerDueAt: z.iso.datetime(),
  overdue: z.boolean().describe('No answer yet and the due date has passed'),
  status: EscalationStatus,
  firstAnsweredAt: z.iso.datetime().nullable(),
  packageSha256: Sha256.describe(
    "SHA-256 of the package as PostgreSQL's jsonb text (`package::text`, UTF-8), in hex",
  ),
  answers: z.array(EscalationAnswer).describe('Oldest first'),
  handovers: z.array(EscalationHandover).describe('Oldest first'),
};

/** An escalation as anyone may see it. */
export const EscalationView = z.object({ ...escalationFields, package: SealedPackage });
export type EscalationView = z.infer<typeof EscalationView>;

/** The same without the frozen text, for room events. */
export const EscalationBrief = z.object({ ...escalationFields, package: SealedPackageSummary });
export type EscalationBrief = z.infer<typeof EscalationBrief>;

/** `GET /api/proposals/:id/escalation`: `seq` is the forum's event number the data reflects. */
export const ProposalEscalation = z.object({
  proposalId: Uuid,
  seq: z.number().int().nonnegative(),
  escalation: EscalationView.nullable(),
});
export type ProposalEscalation = z.infer<typeof ProposalEscalation>;

/** `POST /api/proposals/:id/escalation` answers with the new escalation. */
export const CreatedEscalation = EscalationView;
export type CreatedEscalation = EscalationView;

/** `GET /api/staff`: whom an escalation can be sent or handed to, and how to reach them. */
export const StaffDirectoryEntry = StaffRef.extend({
  areas: z.array(Slug).describe('The areas they cover (the process consultant: all)'),
  phone: z.string().nullable().describe('The municipal phone number they chose to publish'),
  email: z.string().nullable().describe('The municipal e-mail address they chose to publish'),
  helpWith: z.string().nullable().describe('What they can help with, in their own words'),
});

/** `PUT /api/staff/me`: what a staff member publishes; an empty field is taken off. */
export const StaffProfileBody = z.strictObject({
  phone: z
    .string()
    .trim()
    .max(STAFF_PHONE_MAX, `Højst ${STAFF_PHONE_MAX} tegn`)
    .regex(/^(\+?[0-9][0-9 ]*)?$/, 'Et telefonnummer har kun cifre, mellemrum og evt. + først'),
  email: z.union([z.literal(''), z.email('Ugyldig e-mailadresse').max(254)]),
  helpWith: z
    .string()
    .trim()
    .max(STAFF_HELP_WITH_MAX, `Højst ${STAFF_HELP_WITH_MAX} tegn`)
    .superRefine(textRule('multiline')),
});
export type StaffProfileBody = z.infer<typeof StaffProfileBody>;
export type StaffDirectoryEntry = z.infer<typeof StaffDirectoryEntry>;

/** `GET /api/staff?area=&place=&field=`: the directory, narrowed; every filter optional. */
export const StaffDirectoryQuery = {
  area: Slug.optional().describe('Only those who cover this area'),
  place: SearchText.optional().describe(
    'Only those who cover the area of this place (typos forgiven)',
  ),
  field: SearchText.optional().describe(
    'Only those whose field matches (part of a word is enough)',
  ),
};
export type StaffDirectoryFilter = { area?: string; place?: string; field?: string };

/** An escalation in a staff member's inbox. */
export const EscalationInboxItem = z.object({
  kind: z.literal('escalation'),
  escalationId: Uuid,
  proposalId: Uuid,
  proposalTitle: z.string(),
  proposalStatus: ProposalStatus,
  forumSlug: Slug,
  forumName: z.string(),
  escalatedAt: z.iso.datetime(),
  answerDueAt: z.iso.datetime(),
  overdue: z.boolean(),
  status: EscalationStatus,
  answerCount: z.number().int().nonnegative(),
});
export type EscalationInboxItem = z.infer<typeof EscalationInboxItem>;

/** A request in a staff member's inbox (one they have now). */
export const RequestInboxItem = z.object({
  kind: z.literal('request'),
  requestId: Uuid,
  subject: z.string(),
  requesterName: z.string(),
  forumSlug: Slug.nullable(),
  forumName: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  answerDueAt: z.iso.datetime(),
  overdue: z.boolean(),
  answered: z.boolean(),
  status: RequestStatus,
});
export type RequestInboxItem = z.infer<typeof RequestInboxItem>;

/**
 * One row of `GET /api/staff/inbox`: escalations and requests in one order —
 * overdue first (most overdue first), then unanswered, then by due date.
 */
export const InboxItem = z.discriminatedUnion('kind', [EscalationInboxItem, RequestInboxItem]);
export type InboxItem = z.infer<typeof InboxItem>;

/** A forum in a staff member's workspace, with what is new since they last looked. */
export const WorkspaceArea = z.object({
  slug: Slug,
  name: z.string(),
  covered: z.boolean().describe('An area they cover (else one they follow)'),
  followed: z.boolean(),
  lastSeenAt: z.iso.datetime().nullable().describe('Null: never opened'),
  newSince: z.object({
    proposals: z.number().int().nonnegative(),
    votes: z.number().int().nonnegative(),
    debates: z.number().int().nonnegative(),
    reports: z.number().int().nonnegative(),
  }),
});
export type WorkspaceArea = z.infer<typeof WorkspaceArea>;

/** A debate in the staff member's areas that no staff member has answered yet. */
export const WaitingDebate = z.object({
  id: Uuid,
  forumSlug: Slug,
  forumName: z.string(),
  title: z.string(),
  createdAt: z.iso.datetime(),
  commentCount: z.number().int().nonnegative(),
});
export type WaitingDebate = z.infer<typeof WaitingDebate>;

/** `GET /api/staff/workspace`. */
export const StaffWorkspace = z.object({
  me: StaffRef,
  areas: z.array(WorkspaceArea).describe('Covered areas first, then followed ones'),
  otherForums: z
    .array(z.object({ slug: Slug, name: z.string() }))
    .describe('Forums they may follow'),
  waitingDebates: z.array(WaitingDebate).describe('Oldest first'),
  inbox: z.array(InboxItem),
});
export type StaffWorkspace = z.infer<typeof StaffWorkspace>;

/** One decided proposal, as open data: no personal data beyond public author names. */
export const Decision = z.object({
  proposalId: Uuid,
  title: z.string(),
  status: ProposalStatus,
  authors: z.array(z.string()),
  version: z.object({ number: z.number().int().positive(), textSha256: Sha256 }),
  tally: z.object({
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    abstain: z.number().int().nonnegative(),
  }),
  outcome: z.enum(['adopted', 'not_adopted']),
  decidedAt: z.iso.datetime(),
  escalation: z
    .object({
      recipientRole: StaffKind,
      escalatedAt: z.iso.datetime(),
      answerDueAt: z.iso.datetime(),
      overdue: z.boolean(),
      status: EscalationStatus,
      packageSha256: Sha256,
    })
    .nullable(),
  answers: z.array(
    z.object({
      status: EscalationAnswerStatus,
      department: z.string().nullable(),
      text: z.string(),
      at: z.iso.datetime(),
      staffName: z.string(),
      staffRole: StaffKind,
    }),
  ),
});
export type Decision = z.infer<typeof Decision>;

/** `GET /api/forums/:slug/decisions` (and `.json`): most recently decided first. */
export const ForumDecisions = z.object({
  forum: z.object({ slug: Slug, name: z.string() }),
  generatedAt: z.iso.datetime(),
  decisions: z.array(Decision),
});
export type ForumDecisions = z.infer<typeof ForumDecisions>;
