import type { BallotChoice } from '@lokalforum/protocol';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api, type Fetch } from '$lib/api';
import { formText } from '$lib/forms';
import { translator } from '$lib/i18n';
import { fromLocalInput } from '$lib/local-time';
import { signInPath } from '$lib/paths';

/** What the proposal page shows of its decision: the vote, one's own ballot, the timeline. */
export async function loadDecision(
  fetch: Fetch,
  proposal: { id: string; forumSlug: string },
  signedIn: boolean,
) {
  const client = api(fetch);
  const id = proposal.id;
  const [lifecycle, tally, votes, timeline, rules] = await Promise.all([
    client.lifecycle(id),
    client.tally(id),
    client.votes(id),
    client.timeline(id),
    client.forumRules(proposal.forumSlug),
  ]);
  const latest = tally.ok ? tally.data : null;
  const ballot = signedIn && latest ? await client.myBallot(id) : null;
  return {
    lifecycle: lifecycle.ok ? lifecycle.data : null,
    tally: latest,
    votes: votes.ok ? votes.data : [],
    myBallot: ballot?.ok ? ballot.data : null,
    timeline: timeline.ok ? timeline.data.entries : [],
    votingDays: rules.ok ? rules.data.rules.votingDays : 7,
  };
}

const choices: readonly string[] = ['yes', 'no', 'abstain'] satisfies BallotChoice[];

type Event = RequestEvent<{ id: string }>;

/** The page's form actions for the vote and the lifecycle (`?/openVote`, `?/ballot` …). */
export const decisionActions = {
  openVote: async ({ fetch, params, locals, url, request }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const local = formText(await request.formData(), 'closesAt');
    const closesAt = local ? fromLocalInput(local) : null;
    if (local && !closesAt) {
      return fail(400, {
        action: 'openVote' as const,
        message: t('vote.open.error.closesAt'),
        closesAt: local,
      });
    }
    const result = await api(fetch).openVote(
      params.id,
      closesAt ? { closesAt: closesAt.toISOString() } : {},
    );
    if (result.ok) return { action: 'openVote' as const, done: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    const message = result.status === 400 ? t('vote.open.error.closesAt') : result.error.message;
    return fail(result.status, { action: 'openVote' as const, message, closesAt: local });
  },

  closeVote: async ({ fetch, params, locals, url }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const result = await api(fetch).closeVote(params.id);
    if (result.ok) return { action: 'closeVote' as const, done: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, { action: 'closeVote' as const, message: result.error.message });
  },

  ballot: async ({ fetch, params, locals, url, request }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const t = translator(locals.lang);
    const form = await request.formData();
    const choice = formText(form, 'choice');
    const speaksFor = formText(form, 'speaksFor').trim();
    if (!choices.includes(choice)) {
      return fail(400, { action: 'ballot' as const, message: t('ballot.error.choice'), speaksFor });
    }
    const result = await api(fetch).castBallot(params.id, {
      choice: choice as BallotChoice,
      speaksFor: speaksFor || null,
    });
    if (result.ok) return { action: 'ballot' as const, done: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, {
      action: 'ballot' as const,
      message: result.error.message,
      speaksFor,
    });
  },

  withdraw: async ({ fetch, params, locals, url, request }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const reason = formText(await request.formData(), 'reason').trim();
    const result = await api(fetch).withdraw(params.id, reason || undefined);
    if (result.ok) return { action: 'withdraw' as const, done: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, { action: 'withdraw' as const, message: result.error.message });
  },

  redraft: async ({ fetch, params, locals, url, request }: Event) => {
    if (!locals.me) redirect(303, signInPath(url.pathname));
    const reason = formText(await request.formData(), 'reason').trim();
    const result = await api(fetch).redraft(params.id, reason || undefined);
    if (result.ok) return { action: 'redraft' as const, done: true };
    if (result.status === 401) redirect(303, signInPath(url.pathname));
    return fail(result.status, { action: 'redraft' as const, message: result.error.message });
  },
};
