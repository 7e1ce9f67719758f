import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { formText } from '$lib/forms';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

/** Own notifications, newest first, a page at a time (`?cursor=` for older ones). */
export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.me) redirect(303, signInPath('/notifikationer'));
  const cursor = url.searchParams.get('cursor');
  const page = await api(fetch).notifications({ cursor });
  if (!page.ok) error(page.status >= 500 ? 503 : page.status, page.error.message);
  return { page: page.data, cursor };
};

export const actions: Actions = {
  read: async ({ request, fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath('/notifikationer'));
    const id = formText(await request.formData(), 'id');
    const result = await api(fetch).markNotificationsRead({ ids: [id] });
    if (!result.ok) return fail(result.status, { marked: null, message: result.error.message });
    return { marked: 'one' as const, message: null };
  },
  readAll: async ({ fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath('/notifikationer'));
    const result = await api(fetch).markNotificationsRead({ all: true });
    if (!result.ok) return fail(result.status, { marked: null, message: result.error.message });
    return { marked: 'all' as const, message: null };
  },
};
