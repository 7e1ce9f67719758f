import type { ForumRules } from '@lokalforum/protocol';
import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  const [forum, rules] = await Promise.all([
    api(fetch).forum(params.slug),
    api(fetch).forumRules(params.slug),
  ]);
  if (!forum.ok || !rules.ok) {
    const status = forum.ok ? (rules.ok ? 500 : rules.status) : forum.status;
    const message = !forum.ok ? forum.error.message : !rules.ok ? rules.error.message : '';
    if (status === 404 || status === 400) error(404, message);
    error(status >= 500 ? 503 : status, message);
  }
  return { forum: { slug: forum.data.slug, name: forum.data.name }, view: rules.data };
};

export interface RulesFormValues {
  votingDays: string;
  quorum: string;
  majority: string;
  tallyVisibility: string;
  membersBeforeVoteOnly: string;
  authorsMayOpenVotes: string;
}

/** What the save action answers the page. */
export interface RulesForm {
  saved?: boolean;
  values?: RulesFormValues;
  errors?: Partial<Record<keyof RulesFormValues, string>>;
  message?: string;
}

const WHOLE = /^[0-9]{1,6}$/;

export const actions: Actions = {
  save: async ({ fetch, params, locals, url, request }) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const values: RulesFormValues = {
      votingDays: formText(form, 'votingDays').trim(),
      quorum: formText(form, 'quorum').trim(),
      majority: formText(form, 'majority'),
      tallyVisibility: formText(form, 'tallyVisibility'),
      membersBeforeVoteOnly: formText(form, 'membersBeforeVoteOnly'),
      authorsMayOpenVotes: formText(form, 'authorsMayOpenVotes'),
    };
    // Checked here first so the messages come in the visitor's language.
    const errors: Partial<Record<keyof RulesFormValues, string>> = {};
    const days = Number(values.votingDays);
    if (!WHOLE.test(values.votingDays) || days < 1 || days > 60) {
      errors.votingDays = t('rules.error.votingDays');
    }
    const quorum = values.quorum === '' ? null : Number(values.quorum);
    if (quorum !== null && (!WHOLE.test(values.quorum) || quorum < 1)) {
      errors.quorum = t('rules.error.quorum');
    }
    if (Object.keys(errors).length > 0) return fail(400, { values, errors });
    const rules: ForumRules = {
      votingDays: days,
      quorum,
      majority: values.majority === 'twoThirds' ? 'twoThirds' : 'moreYesThanNo',
      tallyVisibility: values.tallyVisibility === 'hiddenUntilClose' ? 'hiddenUntilClose' : 'live',
      membersBeforeVoteOnly: values.membersBeforeVoteOnly !== 'no',
      authorsMayOpenVotes: values.authorsMayOpenVotes === 'yes',
    };
    const result = await api(fetch).putForumRules(params.slug, rules);
    if (result.ok) return { saved: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, {
      values,
      errors: fieldErrors(result.error),
      message: result.error.message,
    });
  },
};
