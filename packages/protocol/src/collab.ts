/**
 * The collaboration endpoint: `ws(s)://<host>/collab/<docName>`, speaking the
 * plain y-websocket protocol (y-protocols sync steps 1/2, updates, awareness),
 * so the stock `y-websocket` `WebsocketProvider` connects unchanged:
 *
 *   new WebsocketProvider(`${origin}/collab`, proposalDocName(id), doc, { params: { token } })
 *
 * Browsers are authenticated by the session cookie; other clients pass the
 * bearer token as an `Authorization` header or as `?token=` (browsers cannot
 * set headers on a WebSocket). Without a valid session the HTTP upgrade is
 * refused (401); an Origin outside the server's own and the allow-list gets
 * 403; an unknown document 404. A person who may read but not edit is
 * connected and gets every update, but what they send is dropped. Presence
 * (awareness) is filled in by the server: see collab-presence.ts.
 *
 * Access is decided again on open connections whenever it changes (sign-out,
 * a revoked or expired session, leaving the forum, losing a role, the
 * proposal leaving `draft`), on every server node, within a second: see the
 * close codes below. Nothing sent after the right ended is applied.
 */
export const COLLAB_PATH = '/collab';

/** Query parameter carrying the bearer token on the upgrade request. */
export const COLLAB_TOKEN_PARAM = 'token';

const PROPOSAL_DOC = /^proposal:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The Yjs document of a proposal: `proposal:<uuid>`. */
export function proposalDocName(proposalId: string): string {
  return `proposal:${proposalId.toLowerCase()}`;
}

export type CollabDocRef = { kind: 'proposal'; id: string };

/** What a document name refers to, or null when it names nothing we serve. */
export function parseDocName(name: string): CollabDocRef | null {
  const match = PROPOSAL_DOC.exec(name);
  return match?.[1] ? { kind: 'proposal', id: match[1] } : null;
}

/**
 * Close codes of a collaboration WebSocket. (A refused upgrade is an HTTP
 * status instead: 401, 403, 404.) The stock provider reconnects after any
 * close; a client should stop on `schemaViolation` (the same update would be
 * refused again) and on `unauthenticated`/`forbidden`/`notFound` (access
 * ended: reconnecting would be refused) until the person signs in again or
 * reloads, and wait a while after `tooMany`. After `readOnly` it should
 * reconnect — it is let in as a reader — and stop offering to edit.
 */
export const collabCloseCodes = {
  /** Going away: the server is shutting down; reconnect. */
  serverShutdown: 1001,
  /** Message larger than the configured cap (WebSocket's own "message too big"). */
  messageTooLarge: 1009,
  /** A message that is not valid y-websocket protocol (garbage, truncated, unknown type). */
  badMessage: 4400,
  /** The session ended: signed out, revoked or expired. */
  unauthenticated: 4401,
  /** The person may no longer open this document. */
  forbidden: 4403,
  /** The document no longer exists. */
  notFound: 4404,
  /**
   * The person may still read but no longer edit (left the forum, the proposal
   * left `draft`): reconnect to follow along as a reader.
   */
  readOnly: 4405,
  /**
   * An update that breaks the document's rules (layout, nesting depth,
   * attributes, link addresses, text limits and characters, document size),
   * or that builds on content the server never received. Nothing of it applies.
   */
  schemaViolation: 4422,
  /**
   * A limit was reached; the reason says which. Either at once after the
   * handshake — the person already has `COLLAB_CONNECTIONS_PER_DOCUMENT`
   * connections to this document, or documents open up to
   * `COLLAB_DOCUMENTS_PER_PERSON` (sent as a close rather than an HTTP 429,
   * because a browser never sees an upgrade's status) — or later, for a
   * connection that sends more than its message rate, speaks for more than
   * `COLLAB_AWARENESS_CLIENTS_MAX` awareness clients, or sends an awareness
   * state over `COLLAB_AWARENESS_STATE_MAX_BYTES`. Reconnect only after a pause.
   */
  tooMany: 4429,
  /** The server failed while handling a message; reconnecting resynchronises. */
  internalError: 4500,
} as const;
export type CollabCloseCode = (typeof collabCloseCodes)[keyof typeof collabCloseCodes];

/** y-websocket message types (first varuint of every message). */
export const collabMessageTypes = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
