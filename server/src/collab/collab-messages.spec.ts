import {
  COLLAB_AWARENESS_CLIENTS_MAX,
  COLLAB_AWARENESS_STATE_MAX_BYTES,
} from '@lokalforum/protocol';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { closeReason } from './collab-connection';
import {
  BadMessage,
  LimitExceeded,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessEntries,
} from './collab-messages';
import { decodeRelayMessage, encodeRelayMessage } from './collab-relay';

/** A message as the stock y-websocket provider writes it. */
function providerMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('title').insert(0, text);
  return doc;
}

describe('decodeClientMessage', () => {
  it('reads every message the y-websocket provider sends', () => {
    const doc = docWithText('hej');
    const step1 = providerMessage((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeClientMessage(step1)).toEqual({
      type: 'syncStep1',
      stateVector: Y.encodeStateVector(doc),
    });

    const update = Y.encodeStateAsUpdate(doc);
    const step2 = providerMessage((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]));
    });
    expect(decodeClientMessage(step2)).toEqual({ type: 'syncStep2', update });
    const live = providerMessage((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    });
    expect(decodeClientMessage(live)).toEqual({ type: 'update', update });

    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Anne' } });
    const presence = providerMessage((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
      );
    });
    expect(decodeClientMessage(presence)).toMatchObject({
      type: 'awareness',
      entries: [{ clientId: doc.clientID, clock: 1, state: { user: { name: 'Anne' } } }],
    });
    awareness.destroy();
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: 'queryAwareness' });
  });

  it('refuses anything else with BadMessage', () => {
    const valid = providerMessage((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(docWithText('x')));
    });
    const awarenessOf = (json: string) =>
      providerMessage((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(
          e,
          providerMessage((inner) => {
            encoding.writeVarUint(inner, 1);
            encoding.writeVarUint(inner, 42);
            encoding.writeVarUint(inner, 1);
            encoding.writeVarString(inner, json);
          }),
        );
      });
    const bad = [
      new Uint8Array([]),
      new Uint8Array([2, 0]),
      new Uint8Array([9]),
      new Uint8Array([0, 5, 0]),
      new Uint8Array([0, 0, 4, 255, 255, 255, 255]),
      valid.subarray(0, valid.length - 1),
      new Uint8Array([...valid, 0]),
      new Uint8Array([3, 3]),
      awarenessOf('{"user":'),
      awarenessOf('"just a string"'),
      new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 255]),
    ];
    for (const bytes of bad) {
      expect(() => decodeClientMessage(bytes), `[${bytes.join(',')}]`).toThrow(BadMessage);
    }
    expect(decodeClientMessage(awarenessOf('null'))).toMatchObject({ entries: [{ state: null }] });
  });
});

describe('awareness updates', () => {
  it('round-trip through encodeAwarenessEntries as y-protocols reads them', () => {
    const entries = [
      { clientId: 7, clock: 3, state: { user: { name: 'Ø' } } },
      { clientId: 8, clock: 1, state: null },
    ];
    const update = encodeAwarenessEntries(entries);
    expect(decodeAwarenessUpdate(update)).toEqual(entries);
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
    expect(awareness.getStates().get(7)).toEqual({ user: { name: 'Ø' } });
    awareness.destroy();
  });

  it('refuses too many clients or too large a state before parsing any of it', () => {
    const entry = (clientId: number, state: object) => ({ clientId, clock: 1, state });
    const many = Array.from({ length: COLLAB_AWARENESS_CLIENTS_MAX + 1 }, (_, i) => entry(i, {}));
    expect(() => decodeAwarenessUpdate(encodeAwarenessEntries(many))).toThrow(LimitExceeded);
    const big = { pad: 'x'.repeat(COLLAB_AWARENESS_STATE_MAX_BYTES) };
    expect(() => decodeAwarenessUpdate(encodeAwarenessEntries([entry(1, big)]))).toThrow(
      LimitExceeded,
    );
    const fits = { pad: 'x'.repeat(COLLAB_AWARENESS_STATE_MAX_BYTES - 20) };
    expect(decodeAwarenessUpdate(encodeAwarenessEntries([entry(1, fits)]))).toHaveLength(1);
  });
});

describe('relay messages', () => {
  it('round-trip, and garbage decodes to null', () => {
    const update = new Uint8Array([1, 2, 3]);
    for (const message of [
      { kind: 'update', update },
      { kind: 'awareness', update },
      { kind: 'syncRequest', stateVector: update },
      { kind: 'syncReply', to: 'node-b', update, stateVector: new Uint8Array([0]) },
    ] as const) {
      expect(decodeRelayMessage(encodeRelayMessage('node-a', message))).toEqual({
        from: 'node-a',
        message,
      });
    }
    expect(decodeRelayMessage(new Uint8Array([200, 1, 2]))).toBeNull();
    expect(decodeRelayMessage(new Uint8Array([1, 65, 9]))).toBeNull();
  });
});

describe('closeReason', () => {
  it('keeps a close reason within 123 bytes without splitting a character', () => {
    const reason = closeReason(`unknown node type "${'ø'.repeat(100)}"`);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect(reason).not.toContain('\uFFFD');
    expect(closeReason('kort')).toBe('kort');
  });
});
