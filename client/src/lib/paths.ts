import { resolve } from '$app/paths';
import { isLocalPath } from '@lokalforum/protocol/browser';

/** A return address after sign-in, if it is a path on this site (the protocol's `LocalPath`). */
export function safeReturnTo(value: unknown): string | null {
  return isLocalPath(value) ? value : null;
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

/** Where sign-in ends without a return address: staff at their workspace, everyone else at the front page. */
export function landingPath(user: { staff: unknown }): string {
  return user.staff ? '/arbejdsplads' : '/';
}
