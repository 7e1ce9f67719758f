import { resolve } from '$app/paths';

/**
 * A return address after sign-in: only a path on this site. `//evil.example`
 * and `/\evil.example` are protocol-relative to browsers, so they are refused.
 * Mirrors `LocalPath` in the protocol without pulling zod into the browser.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : null;
}

/** Worth coming back to: a safe path other than the front page, where sign-in ends anyway. */
function returnTarget(returnTo: string | undefined): string | null {
  const safe = safeReturnTo(returnTo);
  return safe && safe !== '/' ? safe : null;
}

/** The sign-in page, coming back to `returnTo` afterwards: for server redirects. */
export function signInPath(returnTo?: string): string {
  const target = returnTarget(returnTo);
  return target ? `/log-ind?returnTo=${encodeURIComponent(target)}` : '/log-ind';
}

/** The same as a link in a page (resolve() adds the base path SvelteKit serves under). */
export function signInHref(returnTo?: string) {
  const target = returnTarget(returnTo);
  return target ? resolve(`/log-ind?returnTo=${encodeURIComponent(target)}`) : resolve('/log-ind');
}
