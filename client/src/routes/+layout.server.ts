import { api } from '$lib/api';
import { isDemoMode } from '$lib/server/demo';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, fetch }) => {
  const [demo, notifications] = await Promise.all([
    isDemoMode(fetch),
    locals.me ? api(fetch).notifications({ limit: 1 }) : Promise.resolve(null),
  ]);
  return {
    me: locals.me,
    lang: locals.lang,
    demo,
    /** Unread notifications of the signed-in person, for the header. */
    unread: notifications?.ok ? notifications.data.unreadCount : 0,
  };
};
