import { fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/forms';
import { api, fieldErrors } from '$lib/api';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.me) redirect(303, signInPath('/mig'));
  return { me: locals.me };
};

export const actions: Actions = {
  rename: async ({ request, fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath('/mig'));
    const t = translator(locals.lang);
    const form = await request.formData();
    const name = formText(form, 'name').trim();
    if (!name || name.length > 100) {
      return fail(400, { name, error: t('me.rename.error'), message: null });
    }
    const result = await api(fetch).updateMe({ name });
    if (result.ok) return { name, saved: true };
    const errors = fieldErrors(result.error);
    return fail(result.status, {
      name,
      error: errors.name ? t('me.rename.error') : null,
      message: errors.name ? null : result.error.message,
    });
  },
};
