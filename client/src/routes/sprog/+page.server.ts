import { redirect } from '@sveltejs/kit';
import { isLang } from '$lib/i18n';
import { safeReturnTo } from '$lib/paths';
import { setLangCookie } from '$lib/server/lang';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const lang = form.get('lang');
    if (isLang(lang)) setLangCookie(cookies, url, lang);
    redirect(303, safeReturnTo(form.get('returnTo')) ?? '/');
  },
};
