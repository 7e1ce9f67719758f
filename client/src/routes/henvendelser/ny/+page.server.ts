import type { RequestRecipient } from '@lokalforum/protocol';
import { REQUEST_MESSAGE_MAX, REQUEST_SUBJECT_MAX } from '@lokalforum/protocol/browser';
import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors, type Fetch } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { parseRecipient } from '$lib/requests/paths';
import type { Actions, PageServerLoad } from './$types';

/** Whom the form writes to, as a person sees it: a name and what they are. */
interface RecipientView {
  name: string;
  role: 'coCreator' | 'processConsultant' | 'partner' | 'contactPerson';
  /** The partner's name, or the forum's, beside the person. */
  context: string | null;
}

async function describe(
  fetch: Fetch,
  to: RequestRecipient,
  forum: string | null,
): Promise<RecipientView | null> {
  const client = api(fetch);
  if (to.kind === 'staff') {
    const staff = await client.staff();
    const person = staff.ok ? staff.data.find((s) => s.userId === to.userId) : undefined;
    if (!person) return null;
    const forumName = forum ? await client.forum(forum) : null;
    return {
      name: person.name,
      role: person.kind,
      context: forumName?.ok ? forumName.data.name : null,
    };
  }
  if (to.kind === 'partner') {
    const partners = await client.partners();
    const partner = partners.ok ? partners.data.find((p) => p.id === to.partnerId) : undefined;
    return partner ? { name: partner.contactName, role: 'partner', context: partner.name } : null;
  }
  const detail = await client.forum(to.forum);
  const person = detail.ok ? detail.data.contactPersons.find((c) => c.userId === to.userId) : null;
  return person && detail.ok
    ? { name: person.name, role: 'contactPerson', context: detail.data.name }
    : null;
}

/** `/henvendelser/ny?til=…`: the contact form for a staff member, a partner or a contact person. */
export const load: PageServerLoad = async ({ url, locals, fetch }) => {
  if (!locals.me) redirect(303, signInPath(url.pathname + url.search));
  const to = parseRecipient(url.searchParams.get('til'));
  const forum = to?.kind === 'staff' ? url.searchParams.get('forum') : null;
  const recipient = to ? await describe(fetch, to, forum) : null;
  if (!to || !recipient) error(404, translator(locals.lang)('requests.new.unknownRecipient'));
  return {
    til: url.searchParams.get('til') ?? '',
    forum,
    recipient,
    start: {
      subject: (url.searchParams.get('emne') ?? '').slice(0, REQUEST_SUBJECT_MAX),
      text: (url.searchParams.get('tekst') ?? '').slice(0, REQUEST_MESSAGE_MAX),
    },
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname + url.search));
    const form = await request.formData();
    const to = parseRecipient(formText(form, 'til'));
    const forum = formText(form, 'forum');
    const subject = formText(form, 'subject').trim();
    const text = formText(form, 'text').trim();
    const values = { subject, text };
    const none: Record<string, string> = {};
    if (!to) return fail(400, { values, errors: none, message: 'Ukendt modtager' });
    const result = await api(fetch).openRequest({
      to,
      ...(to.kind === 'staff' && forum ? { forum } : {}),
      subject,
      text,
    });
    if (!result.ok) {
      const errors = fieldErrors(result.error);
      const shown = errors.subject || errors.text;
      return fail(result.status, { values, errors, message: shown ? null : result.error.message });
    }
    redirect(303, `/henvendelser/${result.data.id}?sendt=1`);
  },
};
