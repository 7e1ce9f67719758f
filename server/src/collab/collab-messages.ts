import {
  COLLAB_AWARENESS_CLIENTS_MAX,
  COLLAB_AWARENESS_STATE_MAX_BYTES,
  collabMessageTypes,
} from '@lokalforum/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** One awareness state as the y-protocols encoding carries it. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null: the client left. */
  state: object | null;
}

/** A y-websocket message from a client, decoded and checked for shape (not yet for meaning). */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'queryAwareness' };

/** The bytes are not a y-websocket message: the connection that sent them is closed. */
export class BadMessage extends Error {}

/** A well-formed message over a limit: the connection is closed with `tooMany`. */
export class LimitExceeded extends Error {}

const utf8 = new TextDecoder();

/**
 * Decodes one WebSocket message. Throws BadMessage for anything that is not
 * exactly one well-formed message: unknown types, truncation, trailing bytes,
 * an undecodable state vector or awareness state. Updates are decoded later,
 * by the document schema check.
 */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const message = readMessage(decoder);
    if (decoding.hasContent(decoder)) throw new BadMessage('trailing bytes after the message');
    return message;
  } catch (err) {
    if (err instanceof BadMessage || err instanceof LimitExceeded) throw err;
    throw new BadMessage(err instanceof Error ? err.message : 'undecodable message');
  }
}

/**
 * The update a sync `update` message carries, read from its header alone,
 * when the update is shorter than 128 bytes (a keystroke); null for any
 * other message, which `decodeClientMessage` reads.
 */
export function shortSyncUpdate(message: Uint8Array): Uint8Array | null {
  // Type, step and the length as one varuint byte, then exactly that many bytes.
  if (message.length < 3 || message[0] !== collabMessageTypes.sync) return null;
  if (message[1] !== SYNC_UPDATE || message[2] !== message.length - 3) return null;
  return message.subarray(3);
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case collabMessageTypes.sync:
      return readSyncMessage(decoder);
    case collabMessageTypes.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      return { type: 'awareness', update, entries: decodeAwarenessUpdate(update) };
    }
    case collabMessageTypes.queryAwareness:
      return { type: 'queryAwareness' };
    default:
      // Including y-protocols' auth message: only servers send it.
      throw new BadMessage(`unknown message type ${type}`);
  }
}

function readSyncMessage(decoder: decoding.Decoder): ClientMessage {
  const step = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (step) {
    case SYNC_STEP_1:
      // Decoding checks it now, so answering it later cannot fail.
      Y.decodeStateVector(payload);
      return { type: 'syncStep1', stateVector: payload };
    case SYNC_STEP_2:
      return { type: 'syncStep2', update: payload };
    case SYNC_UPDATE:
      return { type: 'update', update: payload };
    default:
      throw new BadMessage(`unknown sync step ${step}`);
  }
}

/**
 * Decodes an awareness update completely, so a bad one is refused before any
 * of it applies. More clients than one connection may speak for, or a state
 * over the size cap, is refused before any JSON is parsed.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > COLLAB_AWARENESS_CLIENTS_MAX) {
    throw new LimitExceeded(`Mere end ${COLLAB_AWARENESS_CLIENTS_MAX} awareness-klienter`);
  }
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder);
    if (json.length > COLLAB_AWARENESS_STATE_MAX_BYTES) {
      throw new LimitExceeded(`Awareness-tilstand over ${COLLAB_AWARENESS_STATE_MAX_BYTES} bytes`);
    }
    const state: unknown = JSON.parse(utf8.decode(json));
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new BadMessage('an awareness state is an object or null');
    }
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new BadMessage('trailing bytes after awareness');
  return entries;
}

/** Throws when `update` is not a decodable Yjs update (for updates that are dropped unread). */
export function assertDecodableUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    throw new BadMessage(err instanceof Error ? err.message : 'undecodable update');
  }
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, collabMessageTypes.sync);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, collabMessageTypes.sync);
    encoding.writeVarUint(e, SYNC_STEP_2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function updateMessage(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, collabMessageTypes.sync);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, collabMessageTypes.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `entries` as one awareness update (the y-protocols encoding). */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, JSON.stringify(entry.state));
    }
  });
}

/** The awareness states of `clients` as one update. */
export function awarenessUpdate(awareness: Awareness, clients: number[]): Uint8Array {
  return awarenessProtocol.encodeAwarenessUpdate(awareness, clients);
}
