import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IncomingUpdate, MalformedUpdate } from './incoming-update';
import { UpdateGate } from './update-gate';

function delta(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change();
  return Y.encodeStateAsUpdate(doc, before);
}

function setup(maxDocumentBytes = 1 << 20, maxHeldBytes = 1 << 20) {
  const server = new Y.Doc();
  const gate = new UpdateGate<string>(server, () => null, { maxDocumentBytes, maxHeldBytes });
  server.on('update', (u: Uint8Array) => gate.applied(u.length));
  const client = new Y.Doc();
  return { server, gate, client };
}

describe('UpdateGate', () => {
  it('holds an update until what it builds on arrives, then accepts both as one', () => {
    const { server, gate, client } = setup();
    const text = client.getText('title');
    const first = delta(client, () => text.insert(0, 'ab'));
    const second = delta(client, () => text.insert(2, 'cd'));
    expect(gate.admit('a', second)).toEqual({ kind: 'hold' });
    expect(gate.waiting).toEqual(['a']);
    const verdict = gate.admit('a', first);
    expect(verdict.kind).toBe('accept');
    if (verdict.kind === 'accept') Y.applyUpdate(server, verdict.update);
    expect(server.getText('title').toJSON()).toBe('abcd');
    expect(server.store.pendingStructs).toBeNull();
    expect(gate.waiting).toEqual([]);
  });

  it('accepts a held update once another connection brings its dependency', () => {
    const { server, gate, client } = setup();
    const text = client.getText('title');
    const first = delta(client, () => text.insert(0, 'ab'));
    const second = delta(client, () => text.insert(2, 'cd'));
    expect(gate.admit('b', second).kind).toBe('hold');
    const verdict = gate.admit('a', first);
    if (verdict.kind === 'accept') Y.applyUpdate(server, verdict.update);
    expect(gate.retry('b').kind).toBe('accept');
  });

  it('refuses to hold more than its limit', () => {
    const { gate, client } = setup(1 << 20, 100);
    const text = client.getText('title');
    delta(client, () => text.insert(0, 'a'));
    const big = delta(client, () => text.insert(1, 'x'.repeat(200)));
    expect(gate.admit('a', big)).toMatchObject({ kind: 'refuse' });
    expect(gate.waiting).toEqual([]);
  });

  it('refuses growth past the size cap but lets deletions through', () => {
    const { server, gate, client } = setup(20_000);
    const text = client.getText('title');
    const fill = delta(client, () => text.insert(0, 'x'.repeat(15_000)));
    const verdict = gate.admit('a', fill);
    expect(verdict.kind).toBe('accept');
    if (verdict.kind === 'accept') Y.applyUpdate(server, verdict.update);
    const more = delta(client, () => text.insert(0, 'y'.repeat(6_000)));
    expect(gate.admit('a', more)).toMatchObject({ kind: 'refuse', reason: /højst fylde/ });
    const shrink = new Y.Doc();
    Y.applyUpdate(shrink, Y.encodeStateAsUpdate(server));
    const deletion = delta(shrink, () => shrink.getText('title').delete(0, 10_000));
    expect(gate.admit('a', deletion).kind).toBe('accept');
  });

  it('measures the real size when the estimate passes the cap', () => {
    const { server, gate, client } = setup(20_000);
    const text = client.getText('title');
    // Many small updates: their sum passes the cap long before the merged state does.
    for (let i = 0; i < 2_000; i++) {
      const verdict = gate.admit(
        'a',
        delta(client, () => text.insert(text.length, 'z')),
      );
      expect(verdict.kind).toBe('accept');
      if (verdict.kind === 'accept') Y.applyUpdate(server, verdict.update);
    }
    expect(server.getText('title').length).toBe(2_000);
  });

  it('lets a keystroke through as it is only when it is new, nothing of its connection waits and the rules pass', () => {
    const server = new Y.Doc();
    const refused = new Set<string>();
    const gate = new UpdateGate<string>(
      server,
      (update) => (refused.has(update.newTypedText()?.text ?? '') ? 'nej' : null),
      { maxDocumentBytes: 1 << 20, maxHeldBytes: 1 << 20 },
    );
    const client = new Y.Doc();
    const text = client.getText('title');
    const first = delta(client, () => text.insert(0, 'a'));
    expect(gate.admitsKeystroke('a', first), 'the first character has no left neighbour').toBe(
      false,
    );
    Y.applyUpdate(server, first);
    const b = delta(client, () => text.insert(1, 'b'));
    expect(gate.admitsKeystroke('a', b)).toBe(true);
    refused.add('b');
    expect(gate.admitsKeystroke('a', b), 'the rules refuse it').toBe(false);
    refused.clear();
    const c = delta(client, () => text.insert(2, 'c'));
    expect(gate.admitsKeystroke('a', c), 'it builds on b, not applied yet').toBe(false);
    expect(gate.admit('a', c)).toEqual({ kind: 'hold' });
    Y.applyUpdate(server, b);
    expect(gate.admitsKeystroke('a', c), 'c of "a" waits').toBe(false);
    expect(gate.admitsKeystroke('b', c), 'another connection waits for nothing').toBe(true);
    Y.applyUpdate(server, c);
    expect(gate.admitsKeystroke('b', c), 'nothing new').toBe(false);
    const deletion = delta(client, () => text.delete(0, 1));
    expect(gate.admitsKeystroke('b', deletion)).toBe(false);
  });
});

describe('IncomingUpdate', () => {
  it('refuses a client that appears twice, which Yjs would apply only once', () => {
    const doc = new Y.Doc();
    const first = delta(doc, () => doc.getText('title').insert(0, 'a'));
    const bytes = Buffer.concat([
      Buffer.from([2]),
      first.subarray(1, first.length - 1),
      first.subarray(1),
    ]);
    expect(() => new IncomingUpdate(new Y.Doc(), bytes)).toThrow(MalformedUpdate);
  });

  it('refuses deletions out of order, which would make every scan of them quadratic', () => {
    // No structs; client 7 deletes clocks 0–4 and then 2–6 again.
    const overlapping = new Uint8Array([0, 1, 7, 2, 0, 5, 2, 5]);
    expect(() => new IncomingUpdate(new Y.Doc(), overlapping)).toThrow(MalformedUpdate);
    const sorted = new Uint8Array([0, 1, 7, 2, 0, 2, 5, 2]);
    expect(() => new IncomingUpdate(new Y.Doc(), sorted)).not.toThrow();
  });
});
