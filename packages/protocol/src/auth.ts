import { z } from 'zod';
import { Slug } from './common.js';
import { LOCAL_PATH, LOCAL_PATH_MAX } from './local-path.js';
import { Me, PersonName, Role } from './people.js';

/** Name of the httpOnly session cookie; the same token works as a bearer token. */
export const SESSION_COOKIE = 'lf_session';

/** Where to return after sign-in (see local-path.ts). */
export const LocalPath = z
  .string()
  .max(LOCAL_PATH_MAX)
  .regex(LOCAL_PATH, 'Skal være en sti på dette websted');

export const RequestMagicLinkBody = z.strictObject({
  email: z.email('Ugyldig e-mailadresse').max(254),
  name: PersonName.optional().describe('Used when the e-mail address is new'),
  returnTo: LocalPath.optional(),
});
export type RequestMagicLinkBody = z.infer<typeof RequestMagicLinkBody>;

export const RequestMagicLinkResponse = z.object({
  sent: z.literal(true),
  /** Where the link can be read when no SMTP server is configured (demo mode). */
  outbox: z.string().nullable(),
});
export type RequestMagicLinkResponse = z.infer<typeof RequestMagicLinkResponse>;

export const VerifyMagicLinkBody = z.strictObject({
  token: z.string().min(20).max(200),
});
export type VerifyMagicLinkBody = z.infer<typeof VerifyMagicLinkBody>;

export const DemoLoginBody = z.strictObject({
  email: z.email('Ugyldig e-mailadresse'),
});
export type DemoLoginBody = z.infer<typeof DemoLoginBody>;

export const SessionResponse = z.object({
  token: z.string().describe('Bearer token for non-browser clients; the cookie carries the same'),
  expiresAt: z.iso.datetime(),
  user: Me,
  returnTo: LocalPath.nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const DemoUser = z.object({
  email: z.email(),
  name: z.string(),
  role: Role,
  forums: z.array(Slug),
});
export type DemoUser = z.infer<typeof DemoUser>;

export const OutboxMail = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
export type OutboxMail = z.infer<typeof OutboxMail>;
