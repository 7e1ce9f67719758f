/**
 * Presence in a collaboration document: the `user` field of every awareness
 * state as the server fills it from the session. A client chooses only its
 * caret colour (`user.color`) and its caret (`cursor`, as y-prosemirror writes
 * it); the server replaces everything else in `user` with who the connection
 * belongs to, and drops any other field, before it stores, relays or sends the
 * state. So the `user` of a state that arrives from the server is true; the
 * state a client keeps for itself is only what it sent.
 */

/**
 * The badge beside a name: municipal staff by kind (fælles-skaber,
 * proceskonsulent), else the forum's contact person (kontaktperson), else a
 * member, else `visitor` — signed in but not a member, following along
 * without editing (visitors' carets are dropped: they cannot type).
 */
export const collabPresenceRoles = [
  'coCreator',
  'processConsultant',
  'contactPerson',
  'member',
  'visitor',
] as const;
export type CollabPresenceRole = (typeof collabPresenceRoles)[number];

/** `state.user` in an awareness state from the server. */
export interface CollabPresenceUser {
  /** The person's user id. */
  id: string;
  /** Their name as the session has it. */
  name: string;
  role: CollabPresenceRole;
  /** The colour the client chose, when it is a valid `#rrggbb`; absent otherwise. */
  color?: string;
}

/** The only caret colours accepted: `#rrggbb`, what y-prosemirror and the editor's tints need. */
export function isPresenceColour(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);
}
