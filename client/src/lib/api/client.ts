import type { ApiError } from '@lokalforum/protocol';

/** What every API call returns: the typed body, or the API's error shape. Never throws. */
export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError['error'] };

export type Fetch = typeof globalThis.fetch;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** For a body that is not the API's shape (a proxy's HTML page, a dropped connection). */
function unexpected(status: number): ApiResult<never> {
  return {
    ok: false,
    status,
    error: { code: 'internal', message: 'Uventet svar fra serveren. Prøv igen om lidt.' },
  };
}

/**
 * Calls the REST API with the given fetch: SvelteKit's `event.fetch` on the
 * server, so cookies travel and `handleFetch` can route to the API process.
 */
export async function request<T>(
  fetch: Fetch,
  method: Method,
  path: `/api/${string}`,
  body?: unknown,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return unexpected(503);
  }
  if (response.status === 204) return { ok: true, status: 204, data: undefined as T };
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    return unexpected(response.status >= 400 ? response.status : 502);
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  if (isApiError(parsed)) return { ok: false, status: response.status, error: parsed.error };
  return unexpected(response.status);
}

/** Field-level validation problems keyed by the first path segment (e.g. `represents`). */
export function fieldErrors(error: ApiError['error']): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues ?? []) {
    const field = issue.path.split('.')[0] ?? '';
    if (field && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
