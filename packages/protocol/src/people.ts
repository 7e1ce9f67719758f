import { z } from 'zod';
import { Slug, Uuid, textRule } from './common.js';

/**
 * Whom a member represents. Every member has one equal vote whatever the kind.
 * citizen = borger, association = forening, organisation = organisation,
 * business = virksomhed, userCouncil = brugerråd, townGuild = bylaug,
 * institutionLeader = institutionsleder.
 */
export const memberKinds = [
  'citizen',
  'association',
  'organisation',
  'business',
  'userCouncil',
  'townGuild',
  'institutionLeader',
] as const;
export const MemberKind = z.enum(memberKinds);
export type MemberKind = z.infer<typeof MemberKind>;

/** fælles-skaber = coCreator, proceskonsulent = processConsultant. */
export const staffKinds = ['coCreator', 'processConsultant'] as const;
export const StaffKind = z.enum(staffKinds);
export type StaffKind = z.infer<typeof StaffKind>;

/** The most significant role a person has, for labels and the demo list. */
export const roles = [
  'citizen',
  'contactPerson',
  'coCreator',
  'processConsultant',
  'administrator',
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const StaffSummary = z.object({
  userId: Uuid,
  name: z.string(),
  kind: StaffKind,
  field: z.string().describe('Field of expertise (fagområde)'),
  areas: z.array(Slug),
});
export type StaffSummary = z.infer<typeof StaffSummary>;

/** A person's name as others see it: one line, no invisible or direction-changing characters. */
export const PersonName = z
  .string()
  .trim()
  .min(1, 'Navn mangler')
  .max(100, 'Navnet er for langt')
  .superRefine(textRule('name'));

export const MembershipOfMe = z.object({
  forumSlug: Slug,
  forumName: z.string(),
  kind: MemberKind,
  represents: z.string().nullable(),
  isContactPerson: z.boolean(),
  joinedAt: z.iso.datetime(),
});
export type MembershipOfMe = z.infer<typeof MembershipOfMe>;

export const Me = z.object({
  id: Uuid,
  name: z.string(),
  email: z.email(),
  role: Role,
  isAdministrator: z.boolean(),
  staff: StaffSummary.nullable(),
  memberships: z.array(MembershipOfMe),
});
export type Me = z.infer<typeof Me>;

export const UpdateMeBody = z.strictObject({ name: PersonName });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;
