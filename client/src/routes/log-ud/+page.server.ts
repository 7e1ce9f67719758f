import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.me) redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ fetch, cookies, url }) => {
    // Whatever the API answers (already signed out, API down), this browser forgets the session.
    await api(fetch).signOut();
    clearSessionCookie(cookies, url);
    redirect(303, '/');
  },
};
