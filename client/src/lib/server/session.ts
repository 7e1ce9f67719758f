import { SESSION_COOKIE, type SessionResponse } from '@lokalforum/protocol';
import type { Cookies } from '@sveltejs/kit';

/**
 * The API sets the cookie on its own response, but that response reaches only
 * this server (SvelteKit drops cookies from other origins), so the page sets it.
 */
export function setSessionCookie(cookies: Cookies, url: URL, session: SessionResponse): void {
  cookies.set(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
  });
}
