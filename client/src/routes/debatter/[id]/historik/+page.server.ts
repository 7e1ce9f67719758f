import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import type { PageServerLoad } from './$types';

/** Earlier texts of the opening post, or of one comment (`?kommentar=<id>`). */
export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const commentId = url.searchParams.get('kommentar');
  const [thread, revisions] = await Promise.all([
    api(fetch).thread(params.id),
    commentId
      ? api(fetch).revisions('comment', commentId)
      : api(fetch).revisions('debate', params.id),
  ]);
  if (!thread.ok) error(thread.status === 400 ? 404 : thread.status, thread.error.message);
  if (!revisions.ok) {
    error(revisions.status === 400 ? 404 : revisions.status, revisions.error.message);
  }
  return { debate: thread.data.debate, commentId, revisions: revisions.data };
};
