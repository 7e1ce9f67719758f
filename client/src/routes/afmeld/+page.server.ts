import { fail } from '@sveltejs/kit';
import { api } from '$lib/api';
import { formText } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * The page an e-mail's unsubscribe link opens: no sign-in, the signed token is
 * the proof. Opening it changes nothing (mail scanners follow links); the
 * button does. Mail clients use the List-Unsubscribe header's one-click POST.
 */
export const load: PageServerLoad = async ({ url, fetch }) => {
  const token = url.searchParams.get('token') ?? '';
  const info = token ? await api(fetch).unsubscribeInfo(token) : null;
  return { token, info: info?.ok ? info.data : null };
};

export const actions: Actions = {
  default: async ({ request, fetch }) => {
    const token = formText(await request.formData(), 'token');
    const result = await api(fetch).unsubscribe(token);
    if (!result.ok) return fail(result.status, { done: false });
    return { done: true };
  },
};
