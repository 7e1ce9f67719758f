import { redirect } from '@sveltejs/kit';
import { isLang } from '$lib/i18n';
import { safeReturnTo } from '$lib/paths';
import { setLangCookie } from '$lib/server/lang';
import { api, type Fetch } from '$lib/api';
import type { Lang } from '$lib/i18n';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, cookies, url, locals, fetch }) => {
    const form = await request.formData();
    const lang = form.get('lang');
    if (isLang(lang)) {
      setLangCookie(cookies, url, lang);
      // Signed in: e-mailed notifications follow the language chosen here.
      if (locals.me) await rememberMailLanguage(fetch, lang);
    }
    redirect(303, safeReturnTo(form.get('returnTo')) ?? '/');
  },
};

/** Best effort: the page language is set either way; mail keeps its language if this fails. */
async function rememberMailLanguage(fetch: Fetch, lang: Lang): Promise<void> {
  const prefs = await api(fetch).notificationPreferences();
  if (prefs.ok && prefs.data.language !== lang) {
    await api(fetch).saveNotificationPreferences({ ...prefs.data, language: lang });
  }
}
