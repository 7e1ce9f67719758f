import { type CollabPresenceUser, isPresenceColour } from '@lokalforum/protocol';

/** Who a connection belongs to, decided at the upgrade: everything in `user` but the colour. */
export type PresenceIdentity = Omit<CollabPresenceUser, 'color'>;

/** The longest shared-type name a caret may point into (ours are `body`, `title`, `summary`). */
const TYPE_NAME_MAX = 100;

/**
 * The awareness state the server keeps, relays and sends for one a client
 * sent: `user` is who the connection belongs to, with only the colour the
 * client's own (when it is `#rrggbb`); `cursor` is kept when it is a pair of
 * Yjs relative positions, as y-prosemirror writes it, and the person may edit
 * (a caret of someone who cannot type would mislead). Every other field is
 * dropped.
 */
export function presenceState(
  sent: object,
  identity: PresenceIdentity,
  canEdit: boolean,
): { user: CollabPresenceUser; cursor?: Cursor } {
  const { user, cursor } = sent as { user?: unknown; cursor?: unknown };
  const color = isRecord(user) && isPresenceColour(user.color) ? user.color : undefined;
  const state: { user: CollabPresenceUser; cursor?: Cursor } = {
    user: color ? { ...identity, color } : { ...identity },
  };
  const caret = canEdit ? cursorOf(cursor) : null;
  if (caret) state.cursor = caret;
  return state;
}

interface Id {
  client: number;
  clock: number;
}

/** `Y.RelativePosition` as JSON: fields that are null may also be missing. */
interface RelativePosition {
  type?: Id | null;
  tname?: string | null;
  item?: Id | null;
  assoc?: number;
}

interface Cursor {
  anchor: RelativePosition;
  head: RelativePosition;
}

function cursorOf(value: unknown): Cursor | null {
  if (!isRecord(value)) return null;
  const anchor = relativePosition(value.anchor);
  const head = relativePosition(value.head);
  return anchor && head ? { anchor, head } : null;
}

/** A copy with exactly the fields Yjs reads, or null if any of them is off. */
function relativePosition(value: unknown): RelativePosition | null {
  if (!isRecord(value)) return null;
  const position: RelativePosition = {};
  for (const field of ['type', 'item'] as const) {
    if (!(field in value)) continue;
    const id = value[field];
    if (id === null) position[field] = null;
    else if (isId(id)) position[field] = { client: id.client, clock: id.clock };
    else return null;
  }
  if ('tname' in value) {
    const name = value.tname;
    if (name === null) position.tname = null;
    else if (typeof name === 'string' && name.length <= TYPE_NAME_MAX) position.tname = name;
    else return null;
  }
  if ('assoc' in value) {
    if (!Number.isSafeInteger(value.assoc)) return null;
    position.assoc = value.assoc as number;
  }
  return position;
}

function isId(value: unknown): value is Id {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.client) &&
    (value.client as number) >= 0 &&
    Number.isSafeInteger(value.clock) &&
    (value.clock as number) >= 0
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
