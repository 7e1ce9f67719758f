import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { emptyPoolForm, poolRules, readPoolForm } from '$lib/pools/pool-form';
import { areaChoices, refusedPool, requireAdministrator } from '../admin.server';
import type { Actions, PageServerLoad } from './$types';

/** `/puljer/ny`: an administrator adds a pool. */
export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  requireAdministrator(locals, url.pathname);
  return { areas: await areaChoices(fetch), values: emptyPoolForm() };
};

export const actions: Actions = {
  default: async ({ request, fetch, locals, url }) => {
    requireAdministrator(locals, url.pathname);
    const values = readPoolForm(await request.formData());
    const parsed = poolRules(values);
    if (!parsed.ok) return fail(400, refusedPool(locals.lang, values, parsed));
    const result = await api(fetch).createPool({ slug: values.slug, ...parsed.rules });
    if (!result.ok) {
      return fail(result.status, refusedPool(locals.lang, values, { error: result.error }));
    }
    redirect(303, `/puljer/${result.data.slug}`);
  },
};
