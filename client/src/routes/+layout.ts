import { formatter, translator } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/** Every page gets `t` and `fmt` bound to the visitor's language. */
export const load: LayoutLoad = ({ data }) => ({
  ...data,
  t: translator(data.lang),
  fmt: formatter(data.lang),
});
