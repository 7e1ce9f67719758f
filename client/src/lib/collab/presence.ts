/** What each editor publishes about themselves in Yjs awareness (the `user` field). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** A person in the proposal now, however many windows they have open. */
export interface PresentPerson extends PresenceUser {
  self: boolean;
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return (
    typeof user.id === 'string' && typeof user.name === 'string' && typeof user.color === 'string'
  );
}

/**
 * The people in the awareness states, oneself first, the others by name.
 * States from other clients are untrusted: anything without a proper `user`
 * is left out, and names are cut to a sane length.
 */
export function presentPeople(
  states: Map<number, Record<string, unknown>>,
  selfId: string,
): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  for (const state of states.values()) {
    const user = state.user;
    if (!isPresenceUser(user) || people.has(user.id)) continue;
    people.set(user.id, {
      id: user.id,
      name: user.name.slice(0, 100),
      color: /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#47525e',
      self: user.id === selfId,
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
