import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { poolFormValues, poolRules, readPoolForm } from '$lib/pools/pool-form';
import { areaChoices, refusedPool, requireAdministrator } from '../../admin.server';
import type { Actions, PageServerLoad } from './$types';

/** `/puljer/<slug>/rediger`: an administrator changes a pool's rules, or closes it. */
export const load: PageServerLoad = async ({ locals, fetch, url, params }) => {
  requireAdministrator(locals, url.pathname);
  const [detail, areas] = await Promise.all([api(fetch).pool(params.slug), areaChoices(fetch)]);
  if (!detail.ok) error(detail.status === 400 ? 404 : detail.status, detail.error.message);
  return { pool: detail.data.pool, areas, values: poolFormValues(detail.data.pool) };
};

export const actions: Actions = {
  update: async ({ request, fetch, locals, url, params }) => {
    requireAdministrator(locals, url.pathname);
    const values = { ...readPoolForm(await request.formData()), slug: params.slug };
    const parsed = poolRules(values);
    if (!parsed.ok) return fail(400, refusedPool(locals.lang, values, parsed));
    const result = await api(fetch).updatePool(params.slug, parsed.rules);
    if (!result.ok) {
      return fail(result.status, refusedPool(locals.lang, values, { error: result.error }));
    }
    redirect(303, `/puljer/${params.slug}`);
  },
  close: async ({ fetch, locals, url, params }) => {
    requireAdministrator(locals, url.pathname);
    const result = await api(fetch).closePool(params.slug);
    if (!result.ok)
      return fail(result.status, { values: null, errors: {}, message: result.error.message });
    redirect(303, `/puljer/${params.slug}`);
  },
};
