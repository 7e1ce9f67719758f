import { z } from 'zod';
import { Slug, Uuid, decimalInteger, textRule } from './common.js';
import { AmountDkk } from './grants.js';
import { PROPOSAL_SUMMARY_MAX, PROPOSAL_TITLE_MAX } from './limits.js';
import { ProseMirrorDoc } from './proposal-document.js';

/**
 * Lifecycle of a proposal (forslag): members edit a `draft`; from `voting` on
 * its text is read-only. The decision issue adds the states after `voting`.
 */
/** The lifecycle (see `proposal-lifecycle.ts` on the server for who may move it where). */
export const proposalStatuses = [
  'draft',
  'voting',
  'adopted',
  'not_adopted',
  'escalated',
  'answered',
  'closed',
  'withdrawn',
] as const;
export const ProposalStatus = z.enum(proposalStatuses);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

export const ProposalTitle = z
  .string()
  .trim()
  .min(1, 'Titlen mangler')
  .max(PROPOSAL_TITLE_MAX, `Højst ${PROPOSAL_TITLE_MAX} tegn`)
  .superRefine(textRule('line'));
export const ProposalSummaryText = z
  .string()
  .trim()
  .max(PROPOSAL_SUMMARY_MAX, `Højst ${PROPOSAL_SUMMARY_MAX} tegn`)
  .superRefine(textRule('multiline'));

export const CreateProposalBody = z.strictObject({
  title: ProposalTitle,
  summary: ProposalSummaryText.optional().describe('Short summary; editable later in the document'),
  amountDkk: AmountDkk.nullable()
    .optional()
    .describe('What it asks of the area grant, in whole kroner; editable while a draft'),
});
export type CreateProposalBody = z.input<typeof CreateProposalBody>;

/** Someone who has edited the proposal (started it or changed its document). */
export const ProposalAuthor = z.object({ userId: Uuid, name: z.string() });
export type ProposalAuthor = z.infer<typeof ProposalAuthor>;

/** A proposal as listed in its forum. */
export const ProposalListItem = z.object({
  id: Uuid,
  forumSlug: Slug,
  title: z.string(),
  summary: z.string(),
  status: ProposalStatus,
  authors: z.array(ProposalAuthor),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProposalListItem = z.infer<typeof ProposalListItem>;

export const ProposalDetail = ProposalListItem.extend({
  text: z
    .string()
    .describe('Plain text of the current document (title, summary, body), at most a moment old'),
  body: ProseMirrorDoc,
  docName: z.string().describe('Name of the Yjs document at /collab/<docName>'),
  amountDkk: z
    .number()
    .int()
    .nullable()
    .describe('What the draft asks of the area grant now (each version keeps its own)'),
  permissions: z
    .object({ edit: z.boolean(), freeze: z.boolean() })
    .describe('What the person asking may do'),
});
export type ProposalDetail = Omit<z.infer<typeof ProposalDetail>, 'body'> & {
  body: ProseMirrorDoc;
};

/** A frozen, numbered version of the text; ballots and escalations point at one. */
export const ProposalVersionSummary = z.object({
  proposalId: Uuid,
  number: z.number().int().positive(),
  textSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 (hex) of `text` encoded as UTF-8'),
  frozenBy: ProposalAuthor.nullable().describe('Null when that person has since been deleted'),
  frozenAt: z.iso.datetime(),
  amountDkk: z
    .number()
    .int()
    .nullable()
    .describe('The amount frozen with the text: what is committed if this version is adopted'),
});
export type ProposalVersionSummary = z.infer<typeof ProposalVersionSummary>;

export const ProposalVersion = ProposalVersionSummary.extend({
  title: z.string(),
  text: z.string(),
  body: ProseMirrorDoc,
  snapshot: z.base64().describe('The whole Yjs document at freezing time (update format v1)'),
});
export type ProposalVersion = Omit<z.infer<typeof ProposalVersion>, 'body'> & {
  body: ProseMirrorDoc;
};

export const VersionNumber = decimalInteger(1, 1_000_000, 'Et versionsnummer er et helt tal fra 1');
