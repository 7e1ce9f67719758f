import { api, type Fetch } from '$lib/api';
import { apiOrigin } from './api-origin';

const TTL_MS = 60_000;
const cache = new Map<string, { demo: boolean; until: number }>();

/**
 * Whether the API runs in demo mode (the demo-people list answers instead of
 * 403). Cached for a minute per API origin, because the footer asks on every
 * page and the answer only changes when the server restarts.
 */
export async function isDemoMode(fetch: Fetch): Promise<boolean> {
  const key = apiOrigin() ?? '';
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.demo;
  const result = await api(fetch).demoUsers();
  if (result.ok || result.status === 403) {
    cache.set(key, { demo: result.ok, until: Date.now() + TTL_MS });
  }
  return result.ok;
}
