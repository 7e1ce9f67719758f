import { isDemoMode } from '$lib/server/demo';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, fetch }) => ({
  me: locals.me,
  lang: locals.lang,
  demo: await isDemoMode(fetch),
});
