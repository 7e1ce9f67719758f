import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import type { PageServerLoad } from './$types';

/** `/puljer`: every municipal pool, open ones first, closed ones with their history. */
export const load: PageServerLoad = async ({ fetch }) => {
  const [pools, forums] = await Promise.all([api(fetch).pools(), api(fetch).forums()]);
  if (!pools.ok) error(pools.status >= 500 ? 503 : pools.status, pools.error.message);
  const areas = forums.ok ? forums.data.map((f) => [f.slug, f.areaName] as const) : [];
  return { pools: pools.data, areas: Object.fromEntries(areas) };
};
