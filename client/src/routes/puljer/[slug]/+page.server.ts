import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import { translator } from '$lib/i18n';
import type { PageServerLoad } from './$types';

/** `/puljer/<slug>`: a pool's rules, history and applications. */
export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const [detail, forums] = await Promise.all([api(fetch).pool(params.slug), api(fetch).forums()]);
  if (!detail.ok) {
    if (detail.status === 404 || detail.status === 400) {
      error(404, translator(locals.lang)('pools.notFound'));
    }
    error(detail.status >= 500 ? 503 : detail.status, detail.error.message);
  }
  const areas = forums.ok ? forums.data.map((f) => [f.slug, f.areaName] as const) : [];
  return { ...detail.data, areas: Object.fromEntries(areas) };
};
