import type { TimelineActor } from '@lokalforum/protocol';
import type { Principal } from '../auth/principal';
import type { ForumRoles } from '../forums/forum-policy';

/** The part a person plays in a forum, as the timeline records it. */
export function actorOf(principal: Principal, roles: ForumRoles): TimelineActor {
  const role = roles.isContactPerson ? 'contactPerson' : (roles.staff ?? 'member');
  return { userId: principal.userId, name: principal.name, role };
}
