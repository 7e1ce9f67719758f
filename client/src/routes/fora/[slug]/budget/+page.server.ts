import { GRANT_AMOUNT_MAX, GRANT_NOTE_MAX } from '@lokalforum/protocol/browser';
import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

const YEAR = /^[0-9]{4}$/;
const WHOLE = /^[0-9]{1,8}$/;
const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const asked = url.searchParams.get('aar');
  const year = asked !== null && YEAR.test(asked) ? Number(asked) : undefined;
  const budget = await api(fetch).budget(params.slug, year);
  if (!budget.ok) {
    if (budget.status === 404 || budget.status === 400) error(404, budget.error.message);
    error(budget.status >= 500 ? 503 : budget.status, budget.error.message);
  }
  // One id per rendered form: the same form sent twice is refused instead of paid twice.
  return { budget: budget.data, requestId: crypto.randomUUID() };
};

export interface PaymentFormValues {
  commitmentId: string;
  amount: string;
  paidOn: string;
  note: string;
}

/** What the pay and release actions answer the page. */
export interface BudgetForm {
  action: 'pay' | 'release' | 'commit';
  saved?: boolean;
  values?: PaymentFormValues;
  errors?: Partial<Record<keyof PaymentFormValues, string>>;
  message?: string;
}

export const actions: Actions = {
  pay: async ({ fetch, request, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const values: PaymentFormValues = {
      commitmentId: formText(form, 'commitmentId'),
      amount: formText(form, 'amount').replace(/[.\s]/g, ''),
      paidOn: formText(form, 'paidOn').trim(),
      note: formText(form, 'note').trim(),
    };
    // Checked here first so the messages come in the visitor's language.
    const errors: BudgetForm['errors'] = {};
    const amount = Number(values.amount);
    if (!values.commitmentId) errors.commitmentId = t('budget.error.commitment');
    if (!WHOLE.test(values.amount) || amount < 1 || amount > GRANT_AMOUNT_MAX) {
      errors.amount = t('budget.error.amount');
    }
    if (!DAY.test(values.paidOn)) errors.paidOn = t('budget.error.paidOn');
    if (values.note === '' || values.note.length > GRANT_NOTE_MAX) {
      errors.note = t('budget.error.note');
    }
    if (Object.keys(errors).length > 0) {
      return fail(400, { action: 'pay', values, errors } satisfies BudgetForm);
    }
    const result = await api(fetch).recordPayment(values.commitmentId, {
      requestId: formText(form, 'requestId'),
      amountDkk: amount,
      paidOn: values.paidOn,
      note: values.note,
    });
    if (result.ok) return { action: 'pay', saved: true } satisfies BudgetForm;
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const fields = fieldErrors(result.error);
    return fail(result.status, {
      action: 'pay',
      values,
      errors: {
        amount: fields.amountDkk ? t('budget.error.amount') : undefined,
        paidOn: fields.paidOn ? t('budget.error.paidOn') : undefined,
        note: fields.note ? t('budget.error.note') : undefined,
      },
      message: result.error.message,
    } satisfies BudgetForm);
  },

  /** Commits an adopted amount the grant did not cover when it was adopted. */
  commit: async ({ fetch, request, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const proposalId = formText(await request.formData(), 'proposalId');
    const result = await api(fetch).commitGrant(proposalId);
    if (result.ok) return { action: 'commit', saved: true } satisfies BudgetForm;
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, {
      action: 'commit',
      message: result.error.message,
    } satisfies BudgetForm);
  },

  release: async ({ fetch, request, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const commitmentId = formText(form, 'commitmentId');
    if (!commitmentId) {
      return fail(400, {
        action: 'release',
        message: t('budget.error.commitment'),
      } satisfies BudgetForm);
    }
    const result = await api(fetch).releaseCommitment(commitmentId, {
      requestId: formText(form, 'requestId'),
    });
    if (result.ok) return { action: 'release', saved: true } satisfies BudgetForm;
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, {
      action: 'release',
      message: result.error.message,
    } satisfies BudgetForm);
  },
};
