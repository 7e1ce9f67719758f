import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors, type ApiResult } from '$lib/api';
import { formText } from '$lib/forms';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/henvendelser/[id]`: the thread, for the people in it (everyone else: not found). */
export const load: PageServerLoad = async ({ params, fetch, locals, url }) => {
  if (!locals.me) redirect(303, signInPath(url.pathname));
  if (!UUID.test(params.id)) error(404, 'Henvendelsen findes ikke');
  const client = api(fetch);
  const thread = await client.request(params.id);
  if (!thread.ok) error(thread.status >= 500 ? 503 : thread.status, thread.error.message);
  const colleagues = thread.data.permissions.handOver ? await client.staff() : null;
  return {
    thread: thread.data,
    sent: url.searchParams.has('sendt'),
    colleagues: colleagues?.ok
      ? colleagues.data.filter((s) => s.userId !== thread.data.holder?.userId)
      : [],
  };
};

type Action = 'message' | 'status' | 'handOver' | 'invite';

/** What a refused form sends back: which form, what was typed, and the problems. */
function refused(action: Action, result: ApiResult<unknown>, values: Record<string, string>) {
  if (result.ok) throw new Error('not refused');
  const errors: Record<string, string> = fieldErrors(result.error);
  return fail(result.status, {
    action,
    values,
    errors,
    message: Object.keys(errors).length > 0 ? null : result.error.message,
  });
}

/** Each form answers with the thread page again; they work without JavaScript. */
export const actions: Actions = {
  message: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const text = formText(await request.formData(), 'text').trim();
    const result = await api(fetch).writeInRequest(params.id, text);
    if (!result.ok) return refused('message', result, { text });
    redirect(303, `/henvendelser/${params.id}#seneste`);
  },
  status: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const status = formText(await request.formData(), 'status');
    if (status !== 'new' && status !== 'in_dialogue' && status !== 'done') {
      const values: Record<string, string> = { status };
      const errors: Record<string, string> = {};
      return fail(400, { action: 'status', values, errors, message: null });
    }
    const result = await api(fetch).setRequestStatus(params.id, status);
    if (!result.ok) return refused('status', result, { status });
    redirect(303, `/henvendelser/${params.id}#seneste`);
  },
  handOver: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const form = await request.formData();
    const to = formText(form, 'to');
    const note = formText(form, 'note').trim();
    const result = await api(fetch).handOverRequest(params.id, { to, ...(note ? { note } : {}) });
    if (!result.ok) return refused('handOver', result, { to, note });
    redirect(303, `/henvendelser/${params.id}#seneste`);
  },
  invite: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const email = formText(await request.formData(), 'email').trim();
    const result = await api(fetch).inviteToRequest(params.id, email);
    if (!result.ok) return refused('invite', result, { email });
    redirect(303, `/henvendelser/${params.id}#deltagere`);
  },
};
