import { fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/forms';
import { api } from '$lib/api';
import { landingPath, safeReturnTo } from '$lib/paths';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** Only reads the token: mail scanners open links, so signing in waits for the button. */
export const load: PageServerLoad = ({ url }) => ({
  token: url.searchParams.get('token') ?? '',
});

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url }) => {
    const form = await request.formData();
    const token = formText(form, 'token');
    if (token.length < 20) return fail(400, { invalid: true });
    const result = await api(fetch).verifyMagicLink(token);
    if (!result.ok) {
      if (result.status === 400) return fail(400, { invalid: true });
      return fail(result.status, { invalid: false, message: result.error.message });
    }
    setSessionCookie(cookies, url, result.data);
    redirect(303, safeReturnTo(result.data.returnTo) ?? landingPath(result.data.user));
  },
};
