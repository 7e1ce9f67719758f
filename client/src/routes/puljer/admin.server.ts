import { error, redirect } from '@sveltejs/kit';
import { api, fieldErrors, type Fetch } from '$lib/api';
import { translator, type Lang } from '$lib/i18n';
import { signInPath } from '$lib/paths';
import type { PoolFormValues } from '$lib/pools/pool-form';

/** Only administrators see the pool forms (the API refuses everyone else anyway). */
export function requireAdministrator(
  locals: App.Locals,
  path: string,
): asserts locals is App.Locals & { me: NonNullable<App.Locals['me']> } {
  if (!locals.me) redirect(303, signInPath(path));
  if (!locals.me.isAdministrator) error(403, translator(locals.lang)('pools.admin.only'));
}

/** The 18 areas, for excluding some from a pool. */
export async function areaChoices(fetch: Fetch) {
  const forums = await api(fetch).forums();
  if (!forums.ok) error(forums.status >= 500 ? 503 : forums.status, forums.error.message);
  return forums.data.map((f) => ({ slug: f.slug, name: f.areaName }));
}

/** What a refused pool form sends back: the values, the problems by field, or a message. */
export function refusedPool(
  lang: Lang,
  values: PoolFormValues,
  problem: { fields: string[] } | { error: Parameters<typeof fieldErrors>[0] },
) {
  const t = translator(lang);
  if ('fields' in problem) {
    const errors: Record<string, string> = {};
    for (const field of problem.fields) errors[field] = t('pools.admin.wholeKroner');
    return { values, errors, message: null };
  }
  const errors: Record<string, string> = fieldErrors(problem.error);
  return {
    values,
    errors,
    message: Object.keys(errors).length > 0 ? null : problem.error.message,
  };
}
