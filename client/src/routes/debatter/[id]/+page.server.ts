import { error, fail, redirect } from '@sveltejs/kit';
import { api, type ApiResult, fieldErrors } from '$lib/api';
import { checkBody, checkText, checkTitle } from '$lib/debates/validate';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { MODERATION_REASON_MAX, REPORT_REASON_MAX } from '@lokalforum/protocol/browser';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  const thread = await api(fetch).thread(params.id);
  if (!thread.ok) {
    if (thread.status === 404 || thread.status === 400) error(404, thread.error.message);
    error(thread.status >= 500 ? 503 : thread.status, thread.error.message);
  }
  const forum = await api(fetch).forum(thread.data.debate.forumSlug);
  return {
    thread: thread.data,
    forumName: forum.ok ? forum.data.name : thread.data.debate.forumSlug,
  };
};

type ThreadAction =
  | 'comment'
  | 'editDebate'
  | 'deleteDebate'
  | 'editComment'
  | 'deleteComment'
  | 'report'
  | 'hide'
  | 'lock'
  | 'unlock';

interface Values {
  title?: string;
  body?: string;
  reason?: string;
}

/**
 * Every action answers alike: which action on which post (`target`), and
 * either `done` or what was sent with the errors to show next to its fields.
 */
function failed(
  status: number,
  action: ThreadAction,
  target: string,
  values: Values,
  errors: Values,
  message: string | null = null,
) {
  return fail(status, { action, target, values, errors, message, done: false as const });
}

const done = (action: ThreadAction, target: string) => ({
  action,
  target,
  done: true as const,
  values: {} as Values,
  errors: {} as Values,
  message: null,
});

/** The API's refusal as the form shows it: field errors beside fields, the rest as a message. */
function refused(
  result: Extract<ApiResult<unknown>, { ok: false }>,
  action: ThreadAction,
  target: string,
  values: Values,
  url: URL,
) {
  if (result.status === 401) redirect(303, signInPath(url.pathname));
  const fields: Values = fieldErrors(result.error);
  const any = fields.title ?? fields.body ?? fields.reason;
  return failed(
    result.status,
    action,
    target,
    values,
    any ? fields : {},
    any ? null : result.error.message,
  );
}

const isKind = (value: string): value is 'debate' | 'comment' =>
  value === 'debate' || value === 'comment';

export const actions: Actions = {
  comment: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const parentId = formText(form, 'parentId') || undefined;
    const target = parentId ? `reply:${parentId}` : 'new';
    const values = { body: formText(form, 'body') };
    const bodyError = checkBody(t, values.body);
    if (bodyError) return failed(400, 'comment', target, values, { body: bodyError });
    const result = await api(fetch).comment(params.id, {
      body: values.body.trim(),
      ...(parentId ? { parentId } : {}),
    });
    if (!result.ok) return refused(result, 'comment', target, values, url);
    return { ...done('comment', target), commentId: result.data.id };
  },

  editDebate: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = { title: formText(form, 'title'), body: formText(form, 'body') };
    const errors: Values = {};
    const titleError = checkTitle(t, values.title);
    const bodyError = checkBody(t, values.body);
    if (titleError) errors.title = titleError;
    if (bodyError) errors.body = bodyError;
    if (titleError || bodyError) return failed(400, 'editDebate', params.id, values, errors);
    const result = await api(fetch).editDebate(params.id, {
      title: values.title.trim(),
      body: values.body.trim(),
    });
    if (!result.ok) return refused(result, 'editDebate', params.id, values, url);
    return done('editDebate', params.id);
  },

  deleteDebate: async ({ fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const result = await api(fetch).deleteDebate(params.id);
    if (!result.ok) return refused(result, 'deleteDebate', params.id, {}, url);
    return done('deleteDebate', params.id);
  },

  editComment: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const id = formText(form, 'id');
    const values = { body: formText(form, 'body') };
    const bodyError = checkBody(t, values.body);
    if (bodyError) return failed(400, 'editComment', id, values, { body: bodyError });
    const result = await api(fetch).editComment(id, values.body.trim());
    if (!result.ok) return refused(result, 'editComment', id, values, url);
    return done('editComment', id);
  },

  deleteComment: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const id = formText(await request.formData(), 'id');
    const result = await api(fetch).deleteComment(id);
    if (!result.ok) return refused(result, 'deleteComment', id, {}, url);
    return done('deleteComment', id);
  },

  report: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const kind = formText(form, 'kind');
    const id = formText(form, 'id');
    const values = { reason: formText(form, 'reason') };
    if (!isKind(kind)) return failed(400, 'report', id, values, {}, t('error.generic'));
    const reasonError = checkText(t, values.reason, REPORT_REASON_MAX, 'thread.report.error');
    if (reasonError) return failed(400, 'report', id, values, { reason: reasonError });
    const result = await api(fetch).report({ post: { kind, id }, reason: values.reason.trim() });
    if (!result.ok) return refused(result, 'report', id, values, url);
    return done('report', id);
  },

  hide: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const kind = formText(form, 'kind');
    const id = formText(form, 'id');
    const values = { reason: formText(form, 'reason') };
    if (!isKind(kind)) return failed(400, 'hide', id, values, {}, t('error.generic'));
    const reasonError = checkText(t, values.reason, MODERATION_REASON_MAX, 'thread.hide.error');
    if (reasonError) return failed(400, 'hide', id, values, { reason: reasonError });
    const result = await api(fetch).hide(kind, id, values.reason.trim());
    if (!result.ok) return refused(result, 'hide', id, values, url);
    return done('hide', id);
  },

  lock: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const values = { reason: formText(await request.formData(), 'reason') };
    const reason = values.reason.trim();
    if (reason.length > MODERATION_REASON_MAX) {
      return failed(400, 'lock', params.id, values, {
        reason: t('compose.error.long', { max: MODERATION_REASON_MAX }),
      });
    }
    const result = await api(fetch).lock(params.id, reason || undefined);
    if (!result.ok) return refused(result, 'lock', params.id, values, url);
    return done('lock', params.id);
  },

  unlock: async ({ fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const result = await api(fetch).unlock(params.id);
    if (!result.ok) return refused(result, 'unlock', params.id, {}, url);
    return done('unlock', params.id);
  },
};
