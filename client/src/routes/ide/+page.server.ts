import type { StaffDirectoryEntry } from '@lokalforum/protocol';
import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/api';
import {
  IDEA_STEPS,
  type IdeaAnswers,
  emptyAnswers,
  readAnswers,
  saveAnswers,
  stepProblem,
  withStep,
} from '$lib/idea/answers';
import type { Actions, PageServerLoad } from './$types';

/**
 * The guide is a server-driven form through and through: no client-side
 * rendering, so nothing hydrates over what someone starts typing at once.
 */
export const csr = false;

/** `/ide?trin=1…4`, then `/ide?trin=resultat`: the step shown, from the address. */
function stepOf(url: URL): number {
  const value = url.searchParams.get('trin');
  if (value === 'resultat') return IDEA_STEPS + 1;
  const step = Number(value ?? '1');
  return Number.isInteger(step) && step >= 1 && step <= IDEA_STEPS ? step : 1;
}

const stepPath = (step: number) =>
  step > IDEA_STEPS ? '/ide?trin=resultat' : `/ide?trin=${Math.max(1, step)}`;

/** Where the idea belongs and to whom, with why: what the result step shows. */
export interface IdeaRoute {
  forum: { slug: string; name: string; areaName: string; place: string } | null;
  /** Who has the idea: the area's fælles-skaber, or the process consultant across areas. */
  person: {
    entry: StaffDirectoryEntry;
    reason: 'areaCoCreator' | 'acrossAreas' | 'noCoCreator';
  } | null;
  /** A fælles-skaber whose field matches, when that is someone else. */
  byField: StaffDirectoryEntry | null;
}

async function route(fetch: typeof globalThis.fetch, answers: IdeaAnswers): Promise<IdeaRoute> {
  const [places, staff] = await Promise.all([
    answers.acrossAreas ? null : api(fetch).places(answers.place),
    api(fetch).staff(),
  ]);
  if (!staff.ok) error(staff.status >= 500 ? 503 : staff.status, staff.error.message);
  const match = places?.ok ? (places.data[0] ?? null) : null;
  const forum = match
    ? {
        slug: match.area.slug,
        name: match.forumName,
        areaName: match.area.name,
        place: match.place,
      }
    : null;
  const consultant = staff.data.find((s) => s.kind === 'processConsultant') ?? null;
  const coCreator = forum
    ? (staff.data.find((s) => s.kind === 'coCreator' && s.areas.includes(forum.slug)) ?? null)
    : null;
  const field = answers.field.toLowerCase();
  const byField = field
    ? (staff.data.find(
        (s) => s.kind === 'coCreator' && s !== coCreator && s.field.toLowerCase().includes(field),
      ) ?? null)
    : null;
  const person = coCreator
    ? { entry: coCreator, reason: 'areaCoCreator' as const }
    : consultant
      ? { entry: consultant, reason: forum ? ('noCoCreator' as const) : ('acrossAreas' as const) }
      : null;
  return { forum, person, byField };
}

export const load: PageServerLoad = async ({ url, cookies, fetch }) => {
  const step = stepOf(url);
  const answers = readAnswers(cookies);
  if (step > IDEA_STEPS) {
    // Straight to the result with a step unanswered: back to that step.
    for (let s = 1; s <= IDEA_STEPS; s++) if (stepProblem(answers, s)) redirect(303, stepPath(s));
    return { step, answers, fields: [], route: await route(fetch, answers) };
  }
  const fields =
    step === 3
      ? await api(fetch)
          .staff()
          .then((r) => (r.ok ? [...new Set(r.data.map((s) => s.field))].sort() : []))
      : [];
  return { step, answers, fields, route: null };
};

export const actions: Actions = {
  next: async ({ request, cookies, url, fetch }) => {
    const form = await request.formData();
    const step = Math.min(IDEA_STEPS, Math.max(1, Number(form.get('step')) || 1));
    const answers = withStep(readAnswers(cookies), step, form);
    saveAnswers(cookies, url, answers);
    const problem = stepProblem(answers, step);
    if (problem) return fail(400, { step, problem });
    if (step === 2 && !answers.acrossAreas) {
      const places = await api(fetch).places(answers.place);
      if (!places.ok && places.status !== 400) {
        error(places.status >= 500 ? 503 : places.status, places.error.message);
      }
      // Refused by the API (an odd name) or in no area: either way not a place we know.
      if (!places.ok || places.data.length === 0) {
        return fail(400, { step, problem: 'idea.place.unknown' });
      }
    }
    redirect(303, stepPath(step + 1));
  },
  back: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const step = Math.min(IDEA_STEPS + 1, Math.max(1, Number(form.get('step')) || 1));
    // What was typed on this step is kept, checked or not, for when the person comes back to it.
    if (step <= IDEA_STEPS) saveAnswers(cookies, url, withStep(readAnswers(cookies), step, form));
    redirect(303, stepPath(step - 1));
  },
  restart: ({ cookies, url }) => {
    saveAnswers(cookies, url, emptyAnswers());
    redirect(303, stepPath(1));
  },
};
