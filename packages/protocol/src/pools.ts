import { z } from 'zod';
import { Slug, Uuid } from './common.js';
import { plainText } from './debates.js';
import {
  POOL_AMOUNT_MAX,
  POOL_APPLICATION_TEXT_MAX,
  POOL_BUDGET_LINES_MAX,
  POOL_DECLINE_REASON_MIN,
  POOL_DESCRIPTION_MAX,
  POOL_REPORT_MAX,
  POOL_VOLUNTEER_HOURS_MAX,
} from './limits.js';
import { type ApplicationStep, applicationStatuses, poolRequirements } from './pool-rules.js';

/**
 * Municipal pools (kommunale puljer) and the applications forums send them
 * from adopted proposals. The rules themselves are in pool-rules.ts.
 */

/** Whole kroner, sent as a JSON number: "100", -1, 1.5 and 1e12 are refused. */
const Kroner = (what: string) =>
  z
    .number({ error: `${what} skal være et helt antal kroner` })
    .int(`${what} skal være et helt antal kroner`)
    .min(0, `${what} kan ikke være negativ`)
    .max(POOL_AMOUNT_MAX, `${what} kan højst være ${POOL_AMOUNT_MAX.toLocaleString('da-DK')} kr.`);

const MonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'Fristen skrives MM-DD, fx 03-01');
const Year = z.number().int().min(1970).max(2100);

const ApplicationStatusSchema = z.enum(applicationStatuses);
const ApplicationStepSchema = z.enum([
  'review',
  'grant',
  'decline',
  'pay',
  'report',
] as const satisfies readonly ApplicationStep[]);
const PoolRequirementSchema = z.enum(poolRequirements);

/** A pool's rules as stored; also the body of `POST /api/pools` (with the slug). */
const poolFields = {
  name: plainText(200, 'Navnet mangler', 'line'),
  description: z
    .string()
    .trim()
    .max(POOL_DESCRIPTION_MAX, `Højst ${POOL_DESCRIPTION_MAX} tegn`)
    .default(''),
  minPerApplicationDkk: Kroner('Mindstebeløbet').nullable().default(null),
  maxPerApplicationDkk: Kroner('Højestebeløbet').nullable().default(null),
  annualDkk: Kroner('Den årlige ramme').nullable().default(null),
  deadline: MonthDay.nullable().default(null).describe('MM-DD, Danish time; null: all year'),
  excludedAreas: z.array(Slug).max(18).default([]),
  requirements: z.array(PoolRequirementSchema).max(poolRequirements.length).default([]),
  volunteerHourRateDkk: Kroner('Timesatsen').default(0),
  openedYear: Year.nullable().default(null),
};

const limitsInOrder = (
  body: { minPerApplicationDkk?: number | null; maxPerApplicationDkk?: number | null },
  ctx: z.RefinementCtx,
) => {
  const { minPerApplicationDkk: min, maxPerApplicationDkk: max } = body;
  if (min != null && max != null && min > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxPerApplicationDkk'],
      message: 'Højestebeløbet kan ikke være mindre end mindstebeløbet',
    });
  }
};

/** `POST /api/pools` (administrators). */
export const CreatePoolBody = z
  .strictObject({ slug: Slug, ...poolFields })
  .superRefine(limitsInOrder);
export type CreatePoolBody = z.infer<typeof CreatePoolBody>;

/** `PATCH /api/pools/:slug` (administrators): the fields to change. */
export const UpdatePoolBody = z
  .strictObject({
    name: poolFields.name.optional(),
    description: z.string().trim().max(POOL_DESCRIPTION_MAX).optional(),
    minPerApplicationDkk: Kroner('Mindstebeløbet').nullable().optional(),
    maxPerApplicationDkk: Kroner('Højestebeløbet').nullable().optional(),
    annualDkk: Kroner('Den årlige ramme').nullable().optional(),
    deadline: MonthDay.nullable().optional(),
    excludedAreas: z.array(Slug).max(18).optional(),
    requirements: z.array(PoolRequirementSchema).max(poolRequirements.length).optional(),
    volunteerHourRateDkk: Kroner('Timesatsen').optional(),
    openedYear: Year.nullable().optional(),
  })
  .superRefine(limitsInOrder);
export type UpdatePoolBody = z.infer<typeof UpdatePoolBody>;

/** A pool with its rules and what it has granted so far. */
export const Pool = z.object({
  slug: Slug,
  name: z.string(),
  description: z.string(),
  minPerApplicationDkk: z.number().int().nullable(),
  maxPerApplicationDkk: z.number().int().nullable(),
  annualDkk: z.number().int().nullable(),
  deadline: z.string().nullable(),
  excludedAreas: z.array(Slug),
  requirements: z.array(PoolRequirementSchema),
  volunteerHourRateDkk: z.number().int(),
  openedYear: z.number().int().nullable(),
  closedAt: z.iso.datetime().nullable(),
  /** Whether it takes applications now: not closed, and (for an annual round) before the deadline. */
  acceptsApplications: z.boolean(),
  history: z.object({
    applications: z.number().int().nonnegative(),
    granted: z.number().int().nonnegative(),
    grantedDkk: z.number().int().nonnegative(),
  }),
});
export type Pool = z.infer<typeof Pool>;

export const BudgetLine = z.strictObject({
  description: plainText(200, 'Beskriv budgetposten', 'line'),
  amountDkk: Kroner('Beløbet'),
});
export type BudgetLine = z.infer<typeof BudgetLine>;

/** `POST /api/pools/:slug/applications`: from an adopted proposal. */
export const ApplyBody = z.strictObject({
  proposalId: Uuid,
  title: plainText(200, 'Titlen mangler', 'line'),
  text: plainText(POOL_APPLICATION_TEXT_MAX, 'Beskriv projektet', 'multiline'),
  lines: z
    .array(BudgetLine)
    .min(1, 'Budgettet skal have mindst én post')
    .max(POOL_BUDGET_LINES_MAX, `Højst ${POOL_BUDGET_LINES_MAX} budgetposter`),
  ownFundingDkk: Kroner('Egenfinansieringen').default(0),
  volunteerHours: z
    .number({ error: 'De frivillige timer skal være et helt tal' })
    .int('De frivillige timer skal være et helt tal')
    .min(0, 'De frivillige timer kan ikke være negative')
    .max(POOL_VOLUNTEER_HOURS_MAX, `Højst ${POOL_VOLUNTEER_HOURS_MAX} timer`)
    .default(0),
  declarations: z.array(PoolRequirementSchema).max(poolRequirements.length).default([]),
});
export type ApplyBody = z.infer<typeof ApplyBody>;

/** `POST /api/applications/:id/grant`: the amount granted (at most what was asked for) and a note. */
export const GrantBody = z.strictObject({
  grantedDkk: Kroner('Det bevilgede beløb').refine((n) => n >= 1, 'Bevilg mindst 1 kr.'),
  note: z.string().trim().max(POOL_REPORT_MAX).optional(),
});
export type GrantBody = z.infer<typeof GrantBody>;

/** `POST /api/applications/:id/decline`: always with reasons. */
export const DeclineBody = z.strictObject({
  reason: plainText(POOL_REPORT_MAX, 'Begrund afslaget', 'multiline').refine(
    (s) => s.length >= POOL_DECLINE_REASON_MIN,
    `Begrund afslaget (mindst ${POOL_DECLINE_REASON_MIN} tegn)`,
  ),
});
export type DeclineBody = z.infer<typeof DeclineBody>;

/** `POST /api/applications/:id/report`: what came of the money. */
export const ReportBody = z.strictObject({
  text: plainText(POOL_REPORT_MAX, 'Skriv hvad der kom ud af det', 'multiline'),
});
export type ReportBody = z.infer<typeof ReportBody>;

/** `review` and `pay` carry nothing. */
export const EmptyStepBody = z.strictObject({});

const Moment = z.iso.datetime();

/** An application as anyone may read it (it is municipal money: public, like the decisions). */
export const PoolApplication = z.object({
  id: Uuid,
  pool: z.object({ slug: Slug, name: z.string() }),
  proposal: z.object({ id: Uuid, title: z.string(), versionNumber: z.number().int().positive() }),
  forum: z.object({ slug: Slug, name: z.string() }),
  applicant: z.object({ userId: Uuid.nullable(), name: z.string().nullable() }),
  title: z.string(),
  text: z.string(),
  lines: z.array(z.object({ description: z.string(), amountDkk: z.number().int() })),
  totalDkk: z.number().int(),
  ownFundingDkk: z.number().int(),
  volunteerHours: z.number().int(),
  volunteerHourRateDkk: z.number().int(),
  requestedDkk: z.number().int(),
  declarations: z.array(PoolRequirementSchema),
  status: ApplicationStatusSchema,
  grantedDkk: z.number().int().nullable(),
  grantNote: z.string().nullable(),
  declineReason: z.string().nullable(),
  reportText: z.string().nullable(),
  receivedAt: Moment,
  reviewedAt: Moment.nullable(),
  decidedAt: Moment.nullable(),
  paidAt: Moment.nullable(),
  reportedAt: Moment.nullable(),
  /** The steps the person reading may take now (empty for guests). */
  mayTake: z.array(ApplicationStepSchema),
});
export type PoolApplication = z.infer<typeof PoolApplication>;

/** An application in a list. */
export const PoolApplicationSummary = PoolApplication.pick({
  id: true,
  pool: true,
  proposal: true,
  forum: true,
  title: true,
  requestedDkk: true,
  grantedDkk: true,
  status: true,
  receivedAt: true,
});
export type PoolApplicationSummary = z.infer<typeof PoolApplicationSummary>;

/** `GET /api/pools/:slug`: the pool and its applications, newest first. */
export const PoolDetail = z.object({ pool: Pool, applications: z.array(PoolApplicationSummary) });
export type PoolDetail = z.infer<typeof PoolDetail>;

/**
 * `GET /api/proposals/:id/applications`: its applications, whether the reader
 * may apply for it, and the sealed text an application starts from.
 */
export const ProposalApplications = z.object({
  proposalId: Uuid,
  mayApply: z.boolean(),
  sealed: z
    .object({ versionNumber: z.number().int().positive(), title: z.string(), text: z.string() })
    .nullable()
    .describe('The version the adopting vote was on; null until the proposal is adopted'),
  applications: z.array(PoolApplicationSummary),
});
export type ProposalApplications = z.infer<typeof ProposalApplications>;
