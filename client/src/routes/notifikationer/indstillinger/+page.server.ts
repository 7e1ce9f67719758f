import { error, fail, redirect } from '@sveltejs/kit';
import { deliveryModes, mailLanguages, notificationKinds } from '@lokalforum/protocol/browser';
import type { NotificationPreferences } from '@lokalforum/protocol';
import { api } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

const PATH = '/notifikationer/indstillinger';

export const load: PageServerLoad = async ({ locals, fetch }) => {
  if (!locals.me) redirect(303, signInPath(PATH));
  const prefs = await api(fetch).notificationPreferences();
  if (!prefs.ok) error(prefs.status >= 500 ? 503 : prefs.status, prefs.error.message);
  return { prefs: prefs.data };
};

const isOneOf = <T extends string>(options: readonly T[], value: string): value is T =>
  (options as readonly string[]).includes(value);

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath(PATH));
    const t = translator(locals.lang);
    const form = await request.formData();
    const language = formText(form, 'language');
    const kinds: Partial<NotificationPreferences['kinds']> = {};
    for (const kind of notificationKinds) {
      const mode = formText(form, kind);
      if (isOneOf(deliveryModes, mode)) kinds[kind] = mode;
    }
    if (
      !isOneOf(mailLanguages, language) ||
      Object.keys(kinds).length !== notificationKinds.length
    ) {
      return fail(400, { saved: false, message: t('error.generic') });
    }
    const result = await api(fetch).saveNotificationPreferences({
      language,
      kinds: kinds as NotificationPreferences['kinds'],
    });
    if (!result.ok) return fail(result.status, { saved: false, message: result.error.message });
    return { saved: true, message: null };
  },
};
