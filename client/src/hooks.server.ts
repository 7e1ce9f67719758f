import { SESSION_COOKIE } from '@lokalforum/protocol';
import type { Handle, HandleFetch, HandleServerError } from '@sveltejs/kit';
import { api } from '$lib/api';
import { isLang } from '$lib/i18n';
import { apiOrigin } from '$lib/server/api-origin';
import { LANG_COOKIE } from '$lib/server/lang';
import { clearSessionCookie } from '$lib/server/session';

export const handle: Handle = async ({ event, resolve }) => {
  const lang = event.cookies.get(LANG_COOKIE);
  event.locals.lang = isLang(lang) ? lang : 'da';
  event.locals.me = null;

  if (event.cookies.get(SESSION_COOKIE)) {
    const me = await api(event.fetch).me();
    if (me.ok) event.locals.me = me.data;
    // Expired or revoked: forget the cookie. Other failures (API down) keep it for next time.
    else if (me.status === 401) clearSessionCookie(event.cookies, event.url);
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang),
  });
  // The server's default `no-referrer` makes browsers send `Origin: null` with
  // plain (no-JavaScript) form posts, which SvelteKit's CSRF check then refuses.
  // `same-origin` still keeps every address, sign-in tokens included, from other sites.
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};

/**
 * SvelteKit would answer a same-origin `/api/...` fetch itself (and 404), so such
 * requests go to the API process. SvelteKit drops cookies once the origin
 * differs, so the session cookie is added by hand, read from `event.cookies` so
 * that a cookie set or deleted earlier in this request counts. The request goes
 * out through Node's own fetch, so that nothing is stamped on it but what is
 * said here.
 *
 * The API lets the cookie write only for our own pages, judged by the
 * browser's Origin or `Sec-Fetch-Site`, so those of the browser's request are
 * passed on as they came (never made up here): a form post from our page
 * carries our Origin, which the API compares with the browser-facing origin
 * below; a page load someone else's site triggered carries theirs, or
 * `Sec-Fetch-Site: cross-site`, and stays refused.
 */
export const handleFetch: HandleFetch = ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const origin = apiOrigin();
  if (!origin || url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) {
    return fetch(request);
  }

  const headers = new Headers(request.headers);
  const session = event.cookies.get(SESSION_COOKIE);
  if (session) headers.set('cookie', `${SESSION_COOKIE}=${encodeURIComponent(session)}`);
  else headers.delete('cookie');
  // For the API's rate limits and e-mailed links, should it choose to trust them from loopback.
  headers.set('x-forwarded-for', event.getClientAddress());
  headers.set('x-forwarded-host', event.url.host);
  headers.set('x-forwarded-proto', event.url.protocol.slice(0, -1));
  for (const name of ['origin', 'sec-fetch-site']) {
    const value = event.request.headers.get(name);
    if (value) headers.set(name, value);
    else headers.delete(name);
  }

  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    body: request.body,
    redirect: 'manual',
    signal: request.signal,
    // Node requires this for a streamed request body.
    duplex: 'half',
  };
  return globalThis.fetch(new Request(new URL(url.pathname + url.search, origin), init));
};

export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status >= 500) console.error(error);
  return { message };
};
