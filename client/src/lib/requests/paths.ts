import type { RequestRecipient } from '@lokalforum/protocol';

/**
 * The contact form for a recipient: `/henvendelser/ny?til=staff:<id>` (or
 * `partner:<id>`, `contactPerson:<forum>:<id>`), with the forum a staff
 * request is about and, from the idea guide, a subject and text to start from.
 */
export function writeTo(
  to: RequestRecipient,
  forum: string | null,
  start: { subject?: string; text?: string } = {},
): `/henvendelser/ny?${string}` {
  const query = new URLSearchParams();
  query.set('til', recipientParam(to));
  if (forum) query.set('forum', forum);
  if (start.subject) query.set('emne', start.subject);
  if (start.text) query.set('tekst', start.text);
  return `/henvendelser/ny?${query.toString()}`;
}

export function recipientParam(to: RequestRecipient): string {
  switch (to.kind) {
    case 'staff':
      return `staff:${to.userId}`;
    case 'partner':
      return `partner:${to.partnerId}`;
    case 'contactPerson':
      return `contactPerson:${to.forum}:${to.userId}`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The recipient named by `til`, or null when it is not one (the server checks it exists). */
export function parseRecipient(value: string | null): RequestRecipient | null {
  const [kind, a, b] = (value ?? '').split(':');
  if (kind === 'staff' && a && UUID.test(a) && b === undefined) return { kind, userId: a };
  if (kind === 'partner' && a && UUID.test(a) && b === undefined) return { kind, partnerId: a };
  if (kind === 'contactPerson' && a && SLUG.test(a) && b && UUID.test(b)) {
    return { kind, forum: a, userId: b };
  }
  return null;
}
