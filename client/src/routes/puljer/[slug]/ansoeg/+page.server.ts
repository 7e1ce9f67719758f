import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import {
  type ApplicationValues,
  BUDGET_ROWS,
  lineErrors,
  readApplicationForm,
} from '$lib/pools/application-form';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/puljer/<slug>/ansoeg?forslag=<id>`: the application form, prefilled from
 * the text of the proposal's adopted version.
 */
export const load: PageServerLoad = async ({ fetch, params, url, locals }) => {
  const t = translator(locals.lang);
  const detail = await api(fetch).pool(params.slug);
  if (!detail.ok) {
    if (detail.status === 404 || detail.status === 400) error(404, t('pools.notFound'));
    error(detail.status >= 500 ? 503 : detail.status, detail.error.message);
  }
  const proposalId = url.searchParams.get('forslag') ?? '';
  if (!UUID.test(proposalId)) return { pool: detail.data.pool, proposal: null };
  const [proposal, applications] = await Promise.all([
    api(fetch).proposal(proposalId),
    api(fetch).proposalApplications(proposalId),
  ]);
  if (!proposal.ok || !applications.ok) return { pool: detail.data.pool, proposal: null };
  const sealed = applications.data.sealed;
  const blank = { description: '', amount: '' };
  const prefilled: ApplicationValues = {
    title: sealed?.title || proposal.data.title,
    text: sealed?.text || proposal.data.summary,
    lines: Array.from({ length: BUDGET_ROWS }, () => blank),
    ownFunding: '',
    volunteerHours: '',
    declarations: [],
  };
  return {
    pool: detail.data.pool,
    proposal: {
      id: proposal.data.id,
      title: proposal.data.title,
      versionNumber: sealed?.versionNumber ?? null,
      mayApply: applications.data.mayApply,
    },
    prefilled,
  };
};

export const actions: Actions = {
  default: async ({ request, fetch, params, url, locals }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname + url.search));
    const proposalId = url.searchParams.get('forslag') ?? '';
    const { values, body, rows } = readApplicationForm(await request.formData(), proposalId);
    const result = await api(fetch).applyToPool(params.slug, body);
    if (result.ok) redirect(303, `/ansoegninger/${result.data.id}?sendt=1`);
    if (result.status === 401) redirect(303, signInPath(url.pathname + url.search));
    const errors = fieldErrors(result.error);
    const lines = lineErrors(result.error.issues, rows);
    // A problem with the budget as a whole (its amount, or no rows): said at the budget.
    if (errors.lines && Object.keys(lines).length === 0) lines.budget = errors.lines;
    return fail(result.status, {
      values,
      errors,
      lines,
      message: result.error.message,
    });
  },
};
