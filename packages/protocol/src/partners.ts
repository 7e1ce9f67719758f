import { z } from 'zod';
import { Slug, Uuid, textRule } from './common.js';
import { plainText } from './debates.js';
import { PARTNER_DESCRIPTION_MAX, PARTNER_TOPIC_MAX, PARTNER_TOPICS_MAX } from './limits.js';
import { MemberKind } from './people.js';
import { SearchText } from './search.js';

/**
 * Partners (samarbejdspartnere): the associations, organisations,
 * businesses, user councils, town guilds and institutions that members of a
 * forum represent, listed by a member who agreed to be their contact. No
 * e-mail address is published: "ask to collaborate" sends a request.
 */

export const PartnerKind = MemberKind.exclude(['citizen']);
export type PartnerKind = z.infer<typeof PartnerKind>;

export const PartnerTopic = z
  .string()
  .trim()
  .min(2, 'Et emne skal have mindst to tegn')
  .max(PARTNER_TOPIC_MAX, `Højst ${PARTNER_TOPIC_MAX} tegn pr. emne`)
  // Shown as a label beside a name: no invisible characters either.
  .superRefine(textRule('name'));

/** `PUT /api/forums/:slug/partner`: list what I represent in this forum (again: update it). */
export const ListPartnerBody = z.strictObject({
  topics: z
    .array(PartnerTopic)
    .max(PARTNER_TOPICS_MAX, `Højst ${PARTNER_TOPICS_MAX} emner`)
    .refine(
      (t) => new Set(t.map((x) => x.toLowerCase())).size === t.length,
      'Et emne står to gange',
    ),
  description: plainText(
    PARTNER_DESCRIPTION_MAX,
    'Skriv en kort beskrivelse',
    'multiline',
  ).optional(),
});
export type ListPartnerBody = z.infer<typeof ListPartnerBody>;

export const Partner = z.object({
  id: Uuid,
  name: z.string(),
  kind: PartnerKind,
  area: z.object({ slug: Slug, name: z.string() }),
  forumName: z.string(),
  topics: z.array(z.string()),
  description: z.string().nullable(),
  contactName: z.string().describe('The member who agreed to be listed as contact'),
  listedAt: z.iso.datetime(),
});
export type Partner = z.infer<typeof Partner>;

/** `GET /api/partners?area=&kind=&topic=`: every filter optional. */
export const PartnerQuery = {
  area: Slug.optional().describe('Only partners in this area'),
  kind: PartnerKind.optional().describe('Only this kind'),
  topic: SearchText.optional().describe('Only partners with a topic like this (typos forgiven)'),
};
export type PartnerFilter = { area?: string; kind?: PartnerKind; topic?: string };
