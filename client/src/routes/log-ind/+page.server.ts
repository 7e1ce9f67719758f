import { type DemoUser, type Role, roles } from '@lokalforum/protocol';
import { fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/forms';
import { api, fieldErrors } from '$lib/api';
import { translator } from '$lib/i18n';
import { landingPath, safeReturnTo } from '$lib/paths';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

interface DemoGroup {
  role: Role;
  people: (DemoUser & { forumNames: string[]; allForums: boolean })[];
}

export const load: PageServerLoad = async ({ fetch, url }) => {
  const client = api(fetch);
  const [demoUsers, forums] = await Promise.all([client.demoUsers(), client.forums()]);
  // demo-users answers 403 outside demo mode: then there is simply no demo section.
  let demoGroups: DemoGroup[] = [];
  if (demoUsers.ok) {
    const names = new Map(forums.ok ? forums.data.map((f) => [f.slug, f.name]) : []);
    demoGroups = roles
      .map((role) => ({
        role,
        people: demoUsers.data
          .filter((person) => person.role === role)
          .map((person) => ({
            ...person,
            forumNames: person.forums.map((slug) => names.get(slug) ?? slug),
            // A process consultant covers every area: a count reads better than 18 names.
            allForums: names.size > 0 && person.forums.length >= names.size,
          })),
      }))
      .filter((group) => group.people.length > 0);
  }
  return { demoGroups, returnTo: safeReturnTo(url.searchParams.get('returnTo')) };
};

export const actions: Actions = {
  magicLink: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const email = formText(form, 'email').trim();
    const name = formText(form, 'name').trim();
    const returnTo = safeReturnTo(form.get('returnTo'));
    const values = { email, name };

    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return fail(400, {
        action: 'magicLink' as const,
        values,
        errors: { email: t('signIn.error.email') },
        message: null,
      });
    }
    const result = await api(fetch).requestMagicLink({
      email,
      ...(name ? { name } : {}),
      ...(returnTo ? { returnTo } : {}),
    });
    if (!result.ok) {
      const errors = fieldErrors(result.error);
      if (errors.email) errors.email = t('signIn.error.email');
      return fail(result.status, {
        action: 'magicLink' as const,
        values,
        errors,
        message: Object.keys(errors).length > 0 ? null : result.error.message,
      });
    }
    return { action: 'magicLink' as const, sent: true, email, outbox: result.data.outbox !== null };
  },

  demo: async ({ request, fetch, cookies, url }) => {
    const form = await request.formData();
    const email = formText(form, 'email');
    const result = await api(fetch).demoLogin(email);
    if (!result.ok) {
      return fail(result.status, { action: 'demo' as const, message: result.error.message });
    }
    setSessionCookie(cookies, url, result.data);
    redirect(303, safeReturnTo(form.get('returnTo')) ?? landingPath(result.data.user));
  },
};
