import { PARTNER_DESCRIPTION_MAX, PARTNER_TOPICS_MAX } from '@lokalforum/protocol/browser';
import { memberKinds, type PartnerFilter, type PartnerKind } from '@lokalforum/protocol';
import { error, fail, redirect } from '@sveltejs/kit';
import { api, fieldErrors } from '$lib/api';
import { formText } from '$lib/forms';
import { signInPath } from '$lib/paths';
import type { Actions, PageServerLoad } from './$types';

const partnerKinds = memberKinds.filter((k): k is PartnerKind => k !== 'citizen');
const isPartnerKind = (v: string): v is PartnerKind => (partnerKinds as string[]).includes(v);

/** `/partnere?area=&kind=&topic=`: the partner directory, and my own listings. */
export const load: PageServerLoad = async ({ fetch, url, locals }) => {
  const filter: PartnerFilter = {};
  const area = (url.searchParams.get('area') ?? '').trim();
  const kind = (url.searchParams.get('kind') ?? '').trim();
  const topic = (url.searchParams.get('topic') ?? '').trim();
  if (area) filter.area = area;
  if (kind && isPartnerKind(kind)) filter.kind = kind;
  if (topic) filter.topic = topic;
  const client = api(fetch);
  const [partners, forums, everyone] = await Promise.all([
    client.partners(filter),
    client.forums(),
    locals.me ? client.partners() : Promise.resolve(null),
  ]);
  if (!forums.ok) error(forums.status >= 500 ? 503 : forums.status, forums.error.message);
  const areas = forums.data.map((f) => ({ slug: f.slug, name: f.areaName }));
  // What I represent, and whether it is listed already (by me or by someone else).
  const mine = (locals.me?.memberships ?? [])
    .filter((m) => m.kind !== 'citizen' && m.represents)
    .map((m) => ({
      forumSlug: m.forumSlug,
      forumName: m.forumName,
      represents: m.represents!,
      listing:
        (everyone?.ok ? everyone.data : []).find(
          (p) =>
            p.area.slug === m.forumSlug && p.name.toLowerCase() === m.represents!.toLowerCase(),
        ) ?? null,
    }));
  return {
    filter,
    areas,
    partnerKinds,
    partners: partners.ok ? partners.data : null,
    problem: partners.ok ? null : partners.error.message,
    mine,
    limits: { topics: PARTNER_TOPICS_MAX, description: PARTNER_DESCRIPTION_MAX },
  };
};

/** Topics as typed: separated by commas, blanks left out. */
function topicsOf(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export const actions: Actions = {
  list: async ({ request, fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath('/partnere'));
    const form = await request.formData();
    const forum = formText(form, 'forum');
    const topics = formText(form, 'topics');
    const description = formText(form, 'description').trim();
    const result = await api(fetch).listPartner(forum, {
      topics: topicsOf(topics),
      ...(description ? { description } : {}),
    });
    if (!result.ok) {
      const errors = fieldErrors(result.error);
      const topicError = Object.entries(errors).find(([path]) => path.startsWith('topics'))?.[1];
      return fail(result.status, {
        forum,
        values: { topics, description },
        errors: { topics: topicError, description: errors.description },
        message: topicError || errors.description ? null : result.error.message,
      });
    }
    redirect(303, `/partnere?area=${forum}#partner-${result.data.id}`);
  },
  unlist: async ({ request, fetch, locals }) => {
    if (!locals.me) redirect(303, signInPath('/partnere'));
    const forum = formText(await request.formData(), 'forum');
    const result = await api(fetch).unlistPartner(forum);
    if (!result.ok) {
      return fail(result.status, {
        forum,
        values: null,
        errors: {},
        message: result.error.message,
      });
    }
    redirect(303, '/partnere');
  },
};
