import { z } from 'zod';
import { Slug, Uuid } from './common.js';
import { plainText } from './debates.js';
import { REQUEST_HANDOVER_NOTE_MAX, REQUEST_MESSAGE_MAX, REQUEST_SUBJECT_MAX } from './limits.js';
import { StaffKind } from './people.js';

/**
 * Requests (henvendelser): a private two-way thread between the person who
 * wrote it (and whoever they invite) and the one it was sent to — a
 * fælles-skaber or the process consultant, a partner's contact member, or a
 * forum's contact person. Staff requests can be passed on to a colleague; the
 * requester always sees who has it now.
 */

/** ny, i dialog, givet videre, afsluttet. */
export const requestStatuses = ['new', 'in_dialogue', 'passed_on', 'done'] as const;
export const RequestStatus = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** To whom a request was sent. */
export const requestRecipientKinds = ['staff', 'partner', 'contactPerson'] as const;
export const RequestRecipientKind = z.enum(requestRecipientKinds);
export type RequestRecipientKind = z.infer<typeof RequestRecipientKind>;

export const RequestSubject = plainText(REQUEST_SUBJECT_MAX, 'Skriv et emne', 'line');
export const RequestMessage = plainText(REQUEST_MESSAGE_MAX, 'Skriv en besked', 'multiline');

/** Whom a new request is for: a staff member, a listed partner, or a contact person of a forum. */
export const RequestRecipient = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('staff'),
    userId: Uuid.describe("The staff member's user id (see GET /api/staff)"),
  }),
  z.strictObject({
    kind: z.literal('partner'),
    partnerId: Uuid.describe('A listed partner (see GET /api/partners); goes to its contact'),
  }),
  z.strictObject({
    kind: z.literal('contactPerson'),
    forum: Slug,
    userId: Uuid.describe('A contact person of that forum'),
  }),
]);
export type RequestRecipient = z.infer<typeof RequestRecipient>;

/** `POST /api/requests`. `forum` says which area a request to staff is about. */
export const CreateRequestBody = z.strictObject({
  to: RequestRecipient,
  forum: Slug.optional().describe('The forum the request is about (staff requests)'),
  subject: RequestSubject,
  text: RequestMessage,
});
export type CreateRequestBody = z.infer<typeof CreateRequestBody>;

/** `POST /api/requests/:id/messages`. */
export const RequestMessageBody = z.strictObject({ text: RequestMessage });
export type RequestMessageBody = z.infer<typeof RequestMessageBody>;

/** `POST /api/requests/:id/status`: `passed_on` comes only with a hand-over. */
export const RequestStatusBody = z.strictObject({
  status: z.enum(['new', 'in_dialogue', 'done'], 'Vælg ny, i dialog eller afsluttet'),
});
export type RequestStatusBody = z.infer<typeof RequestStatusBody>;

/** `POST /api/requests/:id/handover`: staff requests only, to a colleague. */
export const RequestHandOverBody = z.strictObject({
  to: Uuid.describe("The colleague's user id"),
  note: plainText(REQUEST_HANDOVER_NOTE_MAX, 'Teksten mangler', 'multiline').optional(),
});
export type RequestHandOverBody = z.infer<typeof RequestHandOverBody>;

/** `POST /api/requests/:id/participants`: the requester invites someone by e-mail. */
export const RequestInviteBody = z.strictObject({
  email: z.email('Ugyldig e-mailadresse').max(254),
});
export type RequestInviteBody = z.infer<typeof RequestInviteBody>;

/** The role a person has in a request's thread, as shown beside what they wrote. */
export const RequestRole = z.enum([
  'requester',
  'participant',
  'recipient',
  'coCreator',
  'processConsultant',
]);
export type RequestRole = z.infer<typeof RequestRole>;

/** One step of the thread: opened, a message, a status set, a hand-over, an invitation. */
export const RequestEntry = z.object({
  id: Uuid,
  kind: z.enum(['opened', 'message', 'status', 'handedOver', 'invited']),
  authorName: z.string().nullable().describe('Null: the person has left the service'),
  authorRole: RequestRole,
  text: z.string().nullable(),
  status: RequestStatus.nullable(),
  fromName: z.string().nullable(),
  toName: z.string().nullable(),
  at: z.iso.datetime(),
});
export type RequestEntry = z.infer<typeof RequestEntry>;

/** Who has a request now. */
export const RequestHolder = z.object({
  userId: Uuid,
  name: z.string(),
  staffKind: StaffKind.nullable().describe('Null: not staff (a partner or a contact person)'),
  field: z.string().nullable(),
});
export type RequestHolder = z.infer<typeof RequestHolder>;

const requestFields = {
  id: Uuid,
  subject: z.string(),
  status: RequestStatus,
  recipientKind: RequestRecipientKind,
  forum: z.object({ slug: Slug, name: z.string() }).nullable(),
  partner: z.object({ id: Uuid, name: z.string() }).nullable(),
  requesterName: z.string(),
  holder: RequestHolder.nullable().describe('Null: the person it was with has left'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  answerDueAt: z.iso.datetime(),
  overdue: z.boolean().describe('No answer from whoever has it yet, and the due date has passed'),
  firstAnsweredAt: z.iso.datetime().nullable(),
  myRole: z.enum(['requester', 'participant', 'holder', 'staff']),
};

/** A request in a list. */
export const RequestSummary = z.object(requestFields);
export type RequestSummary = z.infer<typeof RequestSummary>;

/** `GET /api/requests/:id`: the whole thread, for those in it (everyone else: 404). */
export const RequestThread = z.object({
  ...requestFields,
  participants: z.array(z.object({ email: z.string().nullable(), name: z.string().nullable() })),
  entries: z.array(RequestEntry).describe('Oldest first'),
  permissions: z.object({
    reply: z.boolean(),
    setStatus: z.boolean(),
    handOver: z.boolean(),
    invite: z.boolean(),
  }),
});
export type RequestThread = z.infer<typeof RequestThread>;

/** `GET /api/requests`: what I sent or was invited to, and what is with me (or, for staff, in my areas). */
export const MyRequests = z.object({
  sent: z.array(RequestSummary),
  received: z.array(RequestSummary),
});
export type MyRequests = z.infer<typeof MyRequests>;
