import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import { translator } from '$lib/i18n';
import { loadProposal } from '../../proposal.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const { proposal, forumName } = await loadProposal(fetch, params.id, locals.lang);
  const number = Number(params.number);
  const notFound = () => error(404, translator(locals.lang)('version.notFound'));
  if (!Number.isInteger(number) || number < 1 || number > 1_000_000) notFound();
  const [version, votes] = await Promise.all([
    api(fetch).version(proposal.id, number),
    api(fetch).votes(proposal.id),
  ]);
  if (!version.ok) {
    if (version.status === 404 || version.status === 400) notFound();
    error(503, version.error.message);
  }
  // The snapshot is for machines; the page needs the text.
  const { snapshot: _snapshot, ...readable } = version.data;
  const onThis = votes.ok ? votes.data.filter((vote) => vote.versionNumber === number) : [];
  return { proposal, forumName, version: readable, votes: onThis };
};
