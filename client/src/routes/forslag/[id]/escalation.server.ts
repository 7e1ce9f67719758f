import { type EscalationAnswerStatus, escalationAnswerStatuses } from '@lokalforum/protocol';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api, fieldErrors, type Fetch } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';

/** The proposal's escalation (if any) and the staff to choose from. */
export async function loadEscalation(fetch: Fetch, proposalId: string) {
  const client = api(fetch);
  const [escalation, staff] = await Promise.all([
    client.proposalEscalation(proposalId),
    client.staff(),
  ]);
  return {
    escalation: escalation.ok ? escalation.data.escalation : null,
    staffDirectory: staff.ok ? staff.data : [],
  };
}

const isAnswerStatus = (value: string): value is EscalationAnswerStatus =>
  (escalationAnswerStatuses as readonly string[]).includes(value);

type Event = RequestEvent<{ id: string }>;

/** What a refused form sends back: the API's message, or its field problems. */
function refused<A extends string>(
  action: A,
  status: number,
  error: Parameters<typeof fieldErrors>[0],
  values: Record<string, string>,
) {
  const errors = fieldErrors(error);
  return fail(status, {
    action,
    values,
    errors,
    message: Object.keys(errors).length > 0 ? null : error.message,
  });
}

/** Form actions of the escalation panel; they work without JavaScript too. */
export const escalationActions = {
  escalate: async ({ request, fetch, params, locals, url }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const form = await request.formData();
    const to = formText(form, 'to');
    const dissent = formText(form, 'dissent').trim();
    const values = { to, dissent };
    const result = await api(fetch).escalate(params.id, {
      ...(to && to !== 'default' ? { to } : {}),
      ...(dissent ? { dissent } : {}),
    });
    if (!result.ok) return refused('escalate' as const, result.status, result.error, values);
    return { action: 'escalate' as const, escalated: true };
  },

  answer: async ({ request, fetch, locals, url }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const escalationId = formText(form, 'escalationId');
    const status = formText(form, 'status');
    const text = formText(form, 'text').trim();
    const department = formText(form, 'department').trim();
    const values = { status, text, department };
    if (!isAnswerStatus(status)) {
      return fail(400, {
        action: 'answer' as const,
        values,
        errors: { status: t('escalation.answer.error.status') },
        message: null,
      });
    }
    const result = await api(fetch).answerEscalation(escalationId, {
      status,
      text,
      // A department typed before choosing another status is left out, not refused.
      ...(status === 'forwarded' ? { department } : {}),
    });
    if (!result.ok) return refused('answer' as const, result.status, result.error, values);
    return { action: 'answer' as const, answered: true };
  },

  handOver: async ({ request, fetch, locals, url }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const form = await request.formData();
    const escalationId = formText(form, 'escalationId');
    const to = formText(form, 'to');
    const note = formText(form, 'note').trim();
    const values = { to, note };
    const result = await api(fetch).handOverEscalation(escalationId, {
      to,
      ...(note ? { note } : {}),
    });
    if (!result.ok) return refused('handOver' as const, result.status, result.error, values);
    return { action: 'handOver' as const, handedOver: true };
  },
};
