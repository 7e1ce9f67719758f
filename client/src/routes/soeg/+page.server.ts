import { type SearchKind, searchKinds } from '@lokalforum/protocol';
import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import type { PageServerLoad } from './$types';

/** `/soeg?q=…` (the box on every page); `&kind=…&page=…` pages through one kind. */
export const load: PageServerLoad = async ({ fetch, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  if (q === '') return { q, results: null, problem: null };
  const kindParam = url.searchParams.get('kind');
  const kind = (searchKinds as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as SearchKind)
    : null;
  const page = Number(url.searchParams.get('page') ?? '1');
  const result = await api(fetch).search(q, {
    kind,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  });
  if (result.ok) return { q, results: result.data, problem: null };
  // Too short, too long, odd characters: said on the page, next to the box.
  if (result.status === 400) {
    return { q, results: null, problem: result.error.issues?.[0]?.message ?? result.error.message };
  }
  error(result.status >= 500 ? 503 : result.status, result.error.message);
};
