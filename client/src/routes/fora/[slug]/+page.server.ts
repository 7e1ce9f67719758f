import { GRANT_AMOUNT_MAX, PROPOSAL_TITLE_MAX } from '@lokalforum/protocol/browser';
import { type MemberKind, memberKinds } from '@lokalforum/protocol';
import { error, fail, redirect } from '@sveltejs/kit';
import { formText } from '$lib/forms';
import { api, fieldErrors } from '$lib/api';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import { readDebateForm } from '$lib/debates/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, url, locals }) => {
  const cursor = url.searchParams.get('cursor');
  const [result, proposals, debates] = await Promise.all([
    api(fetch).forum(params.slug),
    api(fetch).proposals(params.slug),
    api(fetch).debates(params.slug, cursor),
    // Staff opening a forum have seen what is new in it (their workspace counts from here).
    locals.me?.staff ? api(fetch).markForumSeen(params.slug) : null,
  ]);
  if (!result.ok) {
    // A malformed slug is as unknown as a missing one.
    if (result.status === 404 || result.status === 400) error(404, result.error.message);
    error(result.status >= 500 ? 503 : result.status, result.error.message);
  }
  if (!proposals.ok)
    error(proposals.status >= 500 ? 503 : proposals.status, proposals.error.message);
  if (!debates.ok) {
    if (debates.status === 400) error(400, debates.error.message);
    error(debates.status >= 500 ? 503 : debates.status, debates.error.message);
  }
  return {
    forum: result.data,
    memberKinds,
    proposals: proposals.data,
    debates: debates.data,
    olderPage: cursor !== null,
  };
};

interface JoinErrors {
  kind?: string;
  represents?: string;
}

function isMemberKind(value: string): value is MemberKind {
  return (memberKinds as readonly string[]).includes(value);
}

export const actions: Actions = {
  join: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = {
      kind: formText(form, 'kind'),
      represents: formText(form, 'represents').trim(),
    };

    // Checked here first so the messages come in the visitor's language.
    const errors: JoinErrors = {};
    if (!isMemberKind(values.kind)) errors.kind = t('join.error.kind');
    else if (values.kind !== 'citizen' && !values.represents) {
      errors.represents = t('join.error.represents');
    }
    if (errors.kind || errors.represents || !isMemberKind(values.kind)) {
      return fail(400, { action: 'join' as const, values, errors, message: null });
    }

    const result = await api(fetch).join(params.slug, {
      kind: values.kind,
      ...(values.kind === 'citizen' ? {} : { represents: values.represents }),
    });
    if (result.ok) return { action: 'join' as const, joined: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    if (result.status === 409) {
      return fail(409, {
        action: 'join' as const,
        values,
        errors: {},
        message: t('join.error.already'),
      });
    }
    const fields: JoinErrors = fieldErrors(result.error);
    const hasFieldErrors = Boolean(fields.kind ?? fields.represents);
    return fail(result.status, {
      action: 'join' as const,
      values,
      errors: fields,
      message: hasFieldErrors ? null : result.error.message,
    });
  },

  /** Starts a proposal with a title and opens it, where the members write the rest. */
  propose: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const title = formText(form, 'title').trim();
    // "30.000" and "30 000" are how Danes write thirty thousand.
    const amount = formText(form, 'amount').replace(/[.\s]/g, '');
    const invalid = !title
      ? t('proposals.new.error.title')
      : title.length > PROPOSAL_TITLE_MAX
        ? t('proposals.new.error.long')
        : '';
    const amountDkk = amount === '' ? null : Number(amount);
    const badAmount =
      amountDkk !== null &&
      (!/^[0-9]{1,8}$/.test(amount) || amountDkk < 1 || amountDkk > GRANT_AMOUNT_MAX)
        ? t('budget.error.amount')
        : '';
    if (invalid || badAmount) {
      return fail(400, {
        action: 'propose' as const,
        title,
        amount,
        error: invalid,
        amountError: badAmount,
      });
    }

    const result = await api(fetch).startProposal(params.slug, { title, amountDkk });
    if (result.ok) redirect(303, `/forslag/${result.data.id}`);
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const amountRefused = fieldErrors(result.error).amountDkk !== undefined;
    return fail(result.status, {
      action: 'propose' as const,
      title,
      amount,
      error: amountRefused
        ? ''
        : result.status === 403
          ? t('proposals.new.membersOnly')
          : result.error.message,
      amountError: amountRefused ? t('budget.error.amount') : '',
    });
  },

  /** Starts a debate and opens it, with or without JavaScript. */
  debate: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const { values, errors } = readDebateForm(t, await request.formData());
    if (errors) return fail(400, { action: 'debate' as const, values, errors, message: null });
    const result = await api(fetch).startDebate(params.slug, {
      title: values.title.trim(),
      body: values.body.trim(),
    });
    if (result.ok) redirect(303, `/debatter/${result.data.id}`);
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const fields: { title?: string; body?: string } = fieldErrors(result.error);
    return fail(result.status, {
      action: 'debate' as const,
      values,
      errors: fields,
      message: fields.title || fields.body ? null : result.error.message,
    });
  },

  /** Two steps, so a slip of the finger cannot end a membership, with or without JavaScript. */
  leave: async ({ request, fetch, params, locals, url }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const form = await request.formData();
    if (form.get('confirm') !== 'yes') return { action: 'leave' as const, confirming: true };

    const result = await api(fetch).leave(params.slug);
    if (result.ok || result.status === 404) return { action: 'leave' as const, left: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, { action: 'leave' as const, message: result.error.message });
  },
};
