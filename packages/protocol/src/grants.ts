import { z } from 'zod';
import { Slug, Uuid, decimalInteger, textRule } from './common.js';
import { GRANT_AMOUNT_MAX, GRANT_NOTE_MAX } from './limits.js';

/**
 * An amount of the area grant in whole kroner: a JSON number, never a string
 * ("100" is refused), from 1 to GRANT_AMOUNT_MAX.
 */
export const AmountDkk = z
  .number({ error: 'Beløbet skal være et tal i hele kroner' })
  .int('Beløbet skal være i hele kroner')
  .min(1, 'Beløbet skal være mindst 1 kr.')
  .max(GRANT_AMOUNT_MAX, `Beløbet må højst være ${GRANT_AMOUNT_MAX.toLocaleString('da-DK')} kr.`);

/** What a ledger entry records (`grant_ledger_entries.kind`). */
export const grantEntryKinds = ['grant', 'commitment', 'payment', 'release'] as const;
export const GrantEntryKind = z.enum(grantEntryKinds);
export type GrantEntryKind = z.infer<typeof GrantEntryKind>;

export const BudgetYear = decimalInteger(2000, 2200, 'Et budgetår er et årstal fra 2000 til 2200');

const GrantNote = z
  .string()
  .trim()
  .min(1, 'Skriv hvad betalingen dækker')
  .max(GRANT_NOTE_MAX, `Højst ${GRANT_NOTE_MAX} tegn`)
  .superRefine(textRule('line'));

/** One public line of a forum's ledger (regnskab). */
export const GrantLedgerEntry = z.object({
  id: Uuid,
  kind: GrantEntryKind,
  budgetYear: z.number().int(),
  amountDkk: z.number().int().positive(),
  purpose: z.string(),
  occurredOn: z.iso.date(),
  proposal: z
    .object({ id: Uuid, title: z.string() })
    .nullable()
    .describe('The proposal whose adoption decided it (commitments, and what settles them)'),
  commitmentId: Uuid.nullable().describe('For payments and releases: the commitment they settle'),
  outstandingDkk: z
    .number()
    .int()
    .nullable()
    .describe('For commitments: amount − payments − releases; null for other kinds'),
  recordedBy: z.string().nullable().describe('Who recorded it; null for the server itself'),
  createdAt: z.iso.datetime(),
});
export type GrantLedgerEntry = z.infer<typeof GrantLedgerEntry>;

/** `GET /api/forums/:slug/budget`: one budget year, every figure derived from the entries. */
export const ForumBudget = z.object({
  forumSlug: Slug,
  forumName: z.string(),
  year: z.number().int(),
  grantDkk: z.number().int().describe('The year’s grant entry (0 when there is none)'),
  carriedOverDkk: z
    .number()
    .int()
    .describe('What earlier years left available (0 when the forum does not carry over)'),
  committedDkk: z
    .number()
    .int()
    .describe('Outstanding on this year’s commitments: commitments − payments − releases'),
  spentDkk: z.number().int().describe('Payments on this year’s commitments'),
  availableDkk: z
    .number()
    .int()
    .describe('carriedOver + grant − committed − spent: what a new commitment may take'),
  basis: z.object({
    baseDkk: z.number().int(),
    perInhabitantDkk: z.number(),
    population: z.number().int().nullable(),
    baseOnly: z.boolean().describe('True when the area has no published population'),
    carryOver: z.boolean(),
  }),
  entries: z.array(GrantLedgerEntry).describe('This year’s entries, oldest first'),
  uncommitted: z
    .array(z.object({ proposal: z.object({ id: Uuid, title: z.string() }), amountDkk: z.number() }))
    .describe('Adopted amounts the grant did not cover when adopted (a contact person may retry)'),
  permissions: z
    .object({ record: z.boolean() })
    .describe('Whether the person asking may record payments and commitments'),
});
export type ForumBudget = z.infer<typeof ForumBudget>;

/** A contact person records an actual payment against a commitment. */
export const RecordPaymentBody = z.strictObject({
  requestId: Uuid.describe('Made once per form: the same request sent twice is refused (409)'),
  amountDkk: AmountDkk,
  paidOn: z.iso.date('Datoen skal skrives som ÅÅÅÅ-MM-DD'),
  note: GrantNote,
});
export type RecordPaymentBody = z.infer<typeof RecordPaymentBody>;

/** Releases what a commitment has outstanding back to the forum's grant. */
export const ReleaseCommitmentBody = z.strictObject({
  requestId: Uuid,
  note: GrantNote.optional(),
});
export type ReleaseCommitmentBody = z.infer<typeof ReleaseCommitmentBody>;

/** What a draft asks of the grant; null asks for nothing. */
export const ProposalAmountBody = z.strictObject({ amountDkk: AmountDkk.nullable() });
export type ProposalAmountBody = z.infer<typeof ProposalAmountBody>;

export const ProposalAmount = z.object({
  proposalId: Uuid,
  amountDkk: z.number().int().nullable(),
});
export type ProposalAmount = z.infer<typeof ProposalAmount>;
