import { error } from '@sveltejs/kit';
import { api, type Fetch } from '$lib/api';
import { type Lang, translator } from '$lib/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A proposal and the name of its forum, for the proposal's pages; 404 when there is none. */
export async function loadProposal(fetch: Fetch, id: string, lang: Lang) {
  if (!UUID.test(id)) error(404, translator(lang)('proposal.notFound'));
  const client = api(fetch);
  const proposal = await client.proposal(id);
  if (!proposal.ok) {
    if (proposal.status === 404 || proposal.status === 400) {
      error(404, translator(lang)('proposal.notFound'));
    }
    error(proposal.status >= 500 ? 503 : proposal.status, proposal.error.message);
  }
  const forum = await client.forum(proposal.data.forumSlug);
  return {
    proposal: proposal.data,
    forumName: forum.ok ? forum.data.name : proposal.data.forumSlug,
  };
}
