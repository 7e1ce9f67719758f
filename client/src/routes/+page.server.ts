import type { ForumSummary } from '@lokalforum/protocol';
import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import type { PageServerLoad } from './$types';

/** Case- and accent-tolerant enough for Danish place names typed in a hurry. */
function matches(forum: ForumSummary, query: string): boolean {
  const needle = query.toLocaleLowerCase('da');
  return [forum.name, forum.areaName, ...forum.places].some((text) =>
    text.toLocaleLowerCase('da').includes(needle),
  );
}

export const load: PageServerLoad = async ({ fetch, url }) => {
  const result = await api(fetch).forums();
  if (!result.ok) error(result.status >= 500 ? 503 : result.status, result.error.message);
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  return {
    forums: query ? result.data.filter((forum) => matches(forum, query)) : result.data,
    total: result.data.length,
    query,
  };
};
