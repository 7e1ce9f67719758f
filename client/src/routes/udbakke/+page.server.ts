import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import { apiOrigin } from '$lib/server/api-origin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url }) => {
  const result = await api(fetch).outbox();
  // Outside demo mode the page does not exist (the API answers 404).
  if (!result.ok) error(result.status, result.error.message);
  // The API builds links from the address it was called on, which for this page's
  // own requests is the internal one; show them on the address the visitor uses.
  const internal = apiOrigin();
  const mails = internal
    ? result.data.map((mail) => ({ ...mail, text: mail.text.replaceAll(internal, url.origin) }))
    : result.data;
  return { mails };
};
