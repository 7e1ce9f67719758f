import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';

/**
 * Where server-side `/api` requests go, or null to leave them on this origin.
 *
 * The Nest server sets LOKALFORUM_API_ORIGIN only after it listens, which is
 * after it imported this app's handler; SvelteKit snapshots `$env/dynamic/private`
 * at that import, so process.env is read per call as well. In `vite dev` the API
 * is another process: API_PROXY_TARGET, as for the Vite proxy (SvelteKit answers
 * same-origin fetches itself, so the proxy alone would never see them).
 */
export function apiOrigin(): string | null {
  const configured = env.LOKALFORUM_API_ORIGIN || process.env.LOKALFORUM_API_ORIGIN;
  if (configured) return configured;
  if (dev) return env.API_PROXY_TARGET || 'http://localhost:3000';
  return null;
}
