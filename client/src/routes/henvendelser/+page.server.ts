import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { signInPath } from '$lib/paths';
import type { PageServerLoad } from './$types';

/** `/henvendelser`: what I sent or was invited to, and what was sent to me. */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  if (!locals.me) redirect(303, signInPath('/henvendelser'));
  const mine = await api(fetch).requests();
  if (!mine.ok) error(mine.status >= 500 ? 503 : mine.status, mine.error.message);
  return { requests: mine.data };
};
