import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

/** The workspace (arbejdsplads) of a fælles-skaber or the process consultant. */
export const load: PageServerLoad = async ({ fetch, locals, url }) => {
  if (!locals.me) redirect(303, signInPath(url.pathname));
  const t = translator(locals.lang);
  if (!locals.me.staff) error(403, t('workspace.staffOnly'));
  const [result, staff] = await Promise.all([api(fetch).workspace(), api(fetch).staff()]);
  if (!result.ok) error(result.status >= 500 ? 503 : result.status, result.error.message);
  const profile = staff.ok ? (staff.data.find((s) => s.userId === locals.me?.id) ?? null) : null;
  return { workspace: result.data, profile };
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
  profile: async ({ request, fetch, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const form = await request.formData();
    const values = {
      phone: formText(form, 'phone').trim(),
      email: formText(form, 'email').trim(),
      helpWith: formText(form, 'helpWith').trim(),
    };
    const result = await api(fetch).publishStaffProfile(values);
    if (!result.ok) {
      const errors = fieldErrors(result.error);
      return fail(result.status, {
        action: 'profile' as const,
        values,
        errors,
        message: Object.keys(errors).length > 0 ? null : result.error.message,
      });
    }
    return { action: 'profile' as const, saved: true };
  },
  follow: (event) => followAction('follow', event),
  unfollow: (event) => followAction('unfollow', event),
};
