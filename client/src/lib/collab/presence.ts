import {
  type CollabPresenceRole,
  type CollabPresenceUser,
  collabPresenceRoles,
  isPresenceColour,
} from '@lokalforum/protocol/browser';
import { personColour } from './colour';

/** Oneself, as the signed-in session says: the name shown for this window, and its caret colour. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** A person in the proposal now, however many windows they have open. */
export interface PresentPerson extends PresenceUser {
  /** The badge the server gave them; null for oneself. */
  role: CollabPresenceRole | null;
  self: boolean;
}

/**
 * The `user` of an awareness state that came from the server, which filled it
 * in from the sender's session; null when there is none (a state this client
 * keeps for itself is only what it sent).
 */
export function serverUser(state: unknown): CollabPresenceUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, role, color } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  if (!collabPresenceRoles.includes(role as CollabPresenceRole)) return null;
  return {
    id,
    name,
    role: role as CollabPresenceRole,
    ...(isPresenceColour(color) ? { color } : {}),
  };
}

/** A caret's colour: the one its client chose, or the person's own. */
export function caretColour(user: { id?: unknown; color?: unknown }): string {
  if (isPresenceColour(user.color)) return user.color;
  return typeof user.id === 'string' ? personColour(user.id) : '#47525e';
}

/**
 * The people present, oneself first, the others by name. Others are read
 * only from states the server sent (`localClientId`, this window's own
 * state, says nothing the server vouched for), so a name is always the one
 * the person signed in with.
 */
export function presentPeople(
  states: Map<number, unknown>,
  self: PresenceUser,
  localClientId: number,
): PresentPerson[] {
  const people = new Map<string, PresentPerson>([[self.id, { ...self, role: null, self: true }]]);
  for (const [clientId, state] of states) {
    if (clientId === localClientId) continue;
    const user = serverUser(state);
    if (!user || people.has(user.id)) continue;
    people.set(user.id, {
      id: user.id,
      name: user.name.slice(0, 100),
      color: caretColour(user),
      role: user.role,
      self: false,
    });
  }
  return [...people.values()].sort(
    (a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'da'),
  );
}

/** Who came and who went between two lists of present people (oneself never counts). */
export function presenceChanges(
  before: PresentPerson[],
  after: PresentPerson[],
): { joined: PresentPerson[]; left: PresentPerson[] } {
  const beforeIds = new Set(before.map((p) => p.id));
  const afterIds = new Set(after.map((p) => p.id));
  return {
    joined: after.filter((p) => !p.self && !beforeIds.has(p.id)),
    left: before.filter((p) => !p.self && !afterIds.has(p.id)),
  };
}
