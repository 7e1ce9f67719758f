import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { checkText } from '$lib/debates/validate';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { MODERATION_REASON_MAX } from '@lokalforum/protocol/browser';
import type { Actions, PageServerLoad } from './$types';

/** The public moderation log for everyone; the report queue for those who moderate. */
export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const [forum, log, reports] = await Promise.all([
    api(fetch).forum(params.slug),
    api(fetch).moderationLog(params.slug),
    locals.me ? api(fetch).reports(params.slug) : Promise.resolve(null),
  ]);
  if (!forum.ok) error(forum.status === 400 ? 404 : forum.status, forum.error.message);
  if (!log.ok) error(log.status >= 500 ? 503 : log.status, log.error.message);
  return { forum: forum.data, log: log.data, reports: reports?.ok ? reports.data : null };
};

export const actions: Actions = {
  hide: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const kind = formText(form, 'kind');
    const id = formText(form, 'id');
    const reason = formText(form, 'reason');
    const reasonError = checkText(t, reason, MODERATION_REASON_MAX, 'thread.hide.error');
    if (reasonError) return fail(400, { action: 'hide' as const, id, reason, error: reasonError });
    if (kind !== 'debate' && kind !== 'comment') {
      return fail(400, { action: 'hide' as const, id, reason, error: t('error.generic') });
    }
    const result = await api(fetch).hide(kind, id, reason.trim());
    if (!result.ok) {
      return fail(result.status, {
        action: 'hide' as const,
        id,
        reason,
        error: result.error.message,
      });
    }
    return { action: 'hide' as const, id, done: true };
  },

  dismiss: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const id = formText(await request.formData(), 'id');
    const result = await api(fetch).dismissReport(id);
    if (!result.ok) {
      return fail(result.status, {
        action: 'dismiss' as const,
        id,
        reason: '',
        error: result.error.message,
      });
    }
    return { action: 'dismiss' as const, id, done: true };
  },
};
