import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import { diffVersions, structureStats } from '$lib/structure-diff';
import { loadProposal } from '../proposal.server';
import type { PageServerLoad } from './$types';

/**
 * Two versions compared, structure and formatting included, worked out here
 * so the browser gets only the result.
 */
export const load: PageServerLoad = async ({ fetch, params, url, locals }) => {
  const { proposal, forumName } = await loadProposal(fetch, params.id, locals.lang);
  const versions = await api(fetch).versions(proposal.id);
  if (!versions.ok) error(versions.status >= 500 ? 503 : versions.status, versions.error.message);
  const numbers = new Set(versions.data.map((v) => v.number));
  const from = Number(url.searchParams.get('fra'));
  const to = Number(url.searchParams.get('til'));
  const base = { proposal, forumName, versions: versions.data };
  if (!numbers.has(from) || !numbers.has(to)) return { ...base, comparison: null };

  const [before, after] = await Promise.all([
    api(fetch).version(proposal.id, from),
    api(fetch).version(proposal.id, to),
  ]);
  if (!before.ok) error(before.status >= 500 ? 503 : before.status, before.error.message);
  if (!after.ok) error(after.status >= 500 ? 503 : after.status, after.error.message);
  const blocks = diffVersions(before.data, after.data);
  return { ...base, comparison: { from, to, blocks, stats: structureStats(blocks) } };
};
