import { z } from 'zod';
import { Slug, Uuid, textRule } from './common.js';
import { MemberKind, StaffSummary } from './people.js';

/** Annual area grant (årligt områdetilskud): base + per inhabitant; no wages. */
export const GrantSettings = z.object({
  baseDkk: z.number().int().nonnegative(),
  perInhabitantDkk: z.number().nonnegative(),
  annualDkk: z.number().int().nonnegative().nullable(),
  carryOverUnspent: z.boolean(),
});
export type GrantSettings = z.infer<typeof GrantSettings>;

/** A lokalforum as listed. */
export const ForumSummary = z.object({
  slug: Slug,
  name: z.string(),
  areaName: z.string().describe('Name of the lokalområde'),
  places: z.array(z.string()),
  population: z.number().int().nullable().describe('Local-area figure from Kommuneplan 2013'),
  memberCount: z.number().int().nonnegative(),
  coCreator: StaffSummary.nullable(),
});
export type ForumSummary = z.infer<typeof ForumSummary>;

export const ForumMember = z.object({
  userId: Uuid,
  name: z.string(),
  kind: MemberKind,
  represents: z.string().nullable(),
  isContactPerson: z.boolean(),
  joinedAt: z.iso.datetime(),
});
export type ForumMember = z.infer<typeof ForumMember>;

/** A contact person as anyone sees them: no e-mail address, a contact form instead (a request). */
export const ContactPerson = z.object({
  userId: Uuid,
  name: z.string(),
});
export type ContactPerson = z.infer<typeof ContactPerson>;

export const ForumDetail = ForumSummary.extend({
  contactPersons: z.array(ContactPerson),
  staff: z
    .array(StaffSummary)
    .describe('The fælles-skaber of the area and the process consultants'),
  membersByKind: z.record(MemberKind, z.number().int().nonnegative()),
  members: z
    .array(ForumMember)
    .nullable()
    .describe('Names of members; null for guests (names are shown to signed-in people)'),
  myMembership: ForumMember.nullable(),
  grant: GrantSettings,
});
export type ForumDetail = z.infer<typeof ForumDetail>;

export const JoinForumBody = z
  .strictObject({
    kind: MemberKind,
    represents: z
      .string()
      .trim()
      .max(120, 'Højst 120 tegn')
      .superRefine(textRule('name'))
      .optional()
      .describe('Name of the association, business, council, guild or institution'),
  })
  .superRefine((body, ctx) => {
    if (body.kind !== 'citizen' && !body.represents) {
      ctx.addIssue({
        code: 'custom',
        path: ['represents'],
        message: 'Skriv navnet på det, du repræsenterer',
      });
    }
  })
  .transform((body) => ({
    kind: body.kind,
    represents: body.kind === 'citizen' ? null : (body.represents ?? null),
  }));
export type JoinForumBody = z.input<typeof JoinForumBody>;

export const ForumSlugParam = z.strictObject({ slug: Slug });
