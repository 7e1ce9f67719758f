import { GRANT_AMOUNT_MAX } from '@lokalforum/protocol/browser';
import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { readDebateForm } from '$lib/debates/validate';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { escalationActions, loadEscalation } from './escalation.server';
import { decisionActions, loadDecision } from './decisions.server';
import { loadProposal } from './proposal.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, locals }) => {
  const { proposal, forumName } = await loadProposal(fetch, params.id, locals.lang);
  // The debates first: their `seq` is where the page's live parts join the forum
  // room, so whatever changes between the reads below still arrives as an event.
  const debates = await api(fetch).proposalDebates(proposal.id);
  if (!debates.ok) error(debates.status >= 500 ? 503 : debates.status, debates.error.message);
  const [versions, escalation, decision, applications, pools] = await Promise.all([
    api(fetch).versions(proposal.id),
    loadEscalation(fetch, proposal.id),
    loadDecision(fetch, proposal, locals.me !== null),
    api(fetch).proposalApplications(proposal.id),
    api(fetch).pools(),
  ]);
  if (!versions.ok) error(versions.status >= 500 ? 503 : versions.status, versions.error.message);
  return {
    proposal,
    forumName,
    versions: versions.data,
    debates: debates.data,
    ...escalation,
    decision,
    // The pools panel is left out rather than failing the page.
    applications: applications.ok ? applications.data : null,
    pools: pools.ok ? pools.data : [],
  };
};

export const actions: Actions = {
  ...decisionActions,
  /** Freezes the text as stored now as the next numbered version. */
  freeze: async ({ fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const result = await api(fetch).freezeVersion(params.id);
    if (result.ok) return { action: 'freeze' as const, frozen: result.data.number };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    let message = result.status === 404 ? t('proposal.notFound') : result.error.message;
    if (result.status === 409) {
      // The same text as the latest version: said in the reader's language, with its number.
      const versions = await api(fetch).versions(params.id);
      const latest = versions.ok ? versions.data.at(-1)?.number : undefined;
      if (latest !== undefined) message = t('versions.unchanged', { number: latest });
    }
    return fail(result.status, { action: 'freeze' as const, message });
  },

  /** What the draft asks of the area grant; empty asks for nothing. */
  amount: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const amount = formText(await request.formData(), 'amount').replace(/[.\s]/g, '');
    const amountDkk = amount === '' ? null : Number(amount);
    if (
      amountDkk !== null &&
      (!/^[0-9]{1,8}$/.test(amount) || amountDkk < 1 || amountDkk > GRANT_AMOUNT_MAX)
    ) {
      return fail(400, { action: 'amount' as const, amount, error: t('budget.error.amount') });
    }
    const result = await api(fetch).setProposalAmount(params.id, { amountDkk });
    if (result.ok) return { action: 'amount' as const, amount, error: '', saved: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, { action: 'amount' as const, amount, error: result.error.message });
  },

  /** Starts a debate about the proposal and stays here, where it is listed. */
  debate: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const { values, errors } = readDebateForm(t, await request.formData());
    if (errors) return fail(400, { action: 'debate' as const, values, errors, message: null });
    const { proposal } = await loadProposal(fetch, params.id, locals.lang);
    const result = await api(fetch).startDebate(proposal.forumSlug, {
      title: values.title.trim(),
      body: values.body.trim(),
      proposalId: proposal.id,
    });
    if (result.ok) {
      return {
        action: 'debate' as const,
        started: { id: result.data.id, title: result.data.title ?? values.title.trim() },
      };
    }
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const fields: { title?: string; body?: string } = fieldErrors(result.error);
    return fail(result.status, {
      action: 'debate' as const,
      values,
      errors: fields,
      message: fields.title || fields.body ? null : result.error.message,
    });
  },
  ...escalationActions,
};
