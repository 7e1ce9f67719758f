import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

/** The workspace (arbejdsplads) of a fælles-skaber or the process consultant. */
export const load: PageServerLoad = async ({ fetch, locals, url }) => {
  if (!locals.me) redirect(303, signInPath(url.pathname));
  const t = translator(locals.lang);
  if (!locals.me.staff) error(403, t('workspace.staffOnly'));
  const result = await api(fetch).workspace();
  if (!result.ok) error(result.status >= 500 ? 503 : result.status, result.error.message);
  return { workspace: result.data };
};

async function followAction(
  kind: 'follow' | 'unfollow',
  { request, fetch, locals, url }: Parameters<Actions[string]>[0],
) {
  if (!locals.me) redirect(303, signInPath(url.pathname));
  const form = await request.formData();
  const slug = formText(form, 'slug');
  const client = api(fetch);
  const result = kind === 'follow' ? await client.follow(slug) : await client.unfollow(slug);
  if (!result.ok) return fail(result.status, { action: kind, message: result.error.message });
  return { action: kind, slug };
}

export const actions: Actions = {
  follow: (event) => followAction('follow', event),
  unfollow: (event) => followAction('unfollow', event),
};
