import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { decisionActions, loadDecision } from './decisions.server';
import { loadProposal } from './proposal.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const { proposal, forumName } = await loadProposal(fetch, params.id, locals.lang);
  const [versions, decision] = await Promise.all([
    api(fetch).versions(proposal.id),
    loadDecision(fetch, proposal, locals.me !== null),
  ]);
  if (!versions.ok) error(versions.status >= 500 ? 503 : versions.status, versions.error.message);
  return { proposal, forumName, versions: versions.data, decision };
};

export const actions: Actions = {
  ...decisionActions,
  /** Freezes the text as stored now as the next numbered version. */
  freeze: async ({ fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const result = await api(fetch).freezeVersion(params.id);
    if (result.ok) return { frozen: result.data.number };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    return fail(result.status, {
      message: result.status === 404 ? t('proposal.notFound') : result.error.message,
    });
  },
};
