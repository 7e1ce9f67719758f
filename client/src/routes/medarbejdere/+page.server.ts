import type { StaffDirectoryFilter } from '@lokalforum/protocol';
import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import type { PageServerLoad } from './$types';

/** What is wrong with a filter, by the field it came from. */
interface Problems {
  place?: string;
  field?: string;
  form?: string;
}

/** `/medarbejdere?area=&place=&field=`: the staff directory, filtered by a GET form. */
export const load: PageServerLoad = async ({ fetch, url }) => {
  const filter: StaffDirectoryFilter = {};
  for (const name of ['area', 'place', 'field'] as const) {
    const value = (url.searchParams.get(name) ?? '').trim();
    if (value) filter[name] = value;
  }
  const [staff, forums] = await Promise.all([api(fetch).staff(filter), api(fetch).forums()]);
  if (!forums.ok) error(forums.status >= 500 ? 503 : forums.status, forums.error.message);
  const areas = forums.data.map((f) => ({ slug: f.slug, name: f.areaName }));
  const none: Problems = {};
  if (staff.ok) return { filter, areas, staff: staff.data, problems: none };
  if (staff.status !== 400) error(staff.status >= 500 ? 503 : staff.status, staff.error.message);
  // An unknown place or a malformed filter: said next to the field it came from.
  const problems: Problems = {};
  for (const issue of staff.error.issues ?? []) {
    const field = issue.path === 'place' || issue.path === 'field' ? issue.path : 'form';
    problems[field] ??= issue.message;
  }
  if (!problems.place && !problems.field) problems.form ??= staff.error.message;
  return { filter, areas, staff: null, problems };
};
