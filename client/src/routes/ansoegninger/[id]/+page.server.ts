import type { ApplicationStep } from '@lokalforum/protocol';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

/** `/ansoegninger/<id>`: an application, its steps, and the ones the reader may take. */
export const load: PageServerLoad = async ({ fetch, params, locals, url }) => {
  const result = await api(fetch).application(params.id);
  if (!result.ok) {
    if (result.status === 404 || result.status === 400) {
      error(404, translator(locals.lang)('application.notFound'));
    }
    error(result.status >= 500 ? 503 : result.status, result.error.message);
  }
  return { application: result.data, justApplied: url.searchParams.has('sendt') };
};

/** A whole number typed as digits, else the text as typed (the server refuses it clearly). */
const amount = (text: string) => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : text);

async function take(
  { request, fetch, params, locals, url }: RequestEvent<{ id: string }>,
  step: ApplicationStep,
) {
  if (!locals.me) redirect(303, signInPath(url.pathname));
  const form = await request.formData();
  const values = {
    grantedDkk: formText(form, 'grantedDkk'),
    note: formText(form, 'note'),
    reason: formText(form, 'reason'),
    text: formText(form, 'text'),
  };
  const body =
    step === 'grant'
      ? {
          grantedDkk: amount(values.grantedDkk) as number,
          ...(values.note.trim() ? { note: values.note } : {}),
        }
      : step === 'decline'
        ? { reason: values.reason }
        : step === 'report'
          ? { text: values.text }
          : {};
  const result = await api(fetch).applicationStep(params.id, step, body);
  if (result.ok) return { step, done: true as const };
  if (result.status === 401) redirect(303, signInPath(url.pathname));
  const errors = fieldErrors(result.error);
  return fail(result.status, {
    step,
    values,
    errors,
    message: Object.keys(errors).length > 0 ? null : result.error.message,
  });
}

export const actions: Actions = {
  review: (event) => take(event, 'review'),
  grant: (event) => take(event, 'grant'),
  decline: (event) => take(event, 'decline'),
  pay: (event) => take(event, 'pay'),
  report: (event) => take(event, 'report'),
};
