import type { Cookies } from '@sveltejs/kit';
import type { Lang } from '$lib/i18n';

export const LANG_COOKIE = 'lang';

export function setLangCookie(cookies: Cookies, url: URL, lang: Lang): void {
  cookies.set(LANG_COOKIE, lang, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: 60 * 60 * 24 * 365,
  });
}
