import { collabMessageTypes } from '@lokalforum/protocol';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { craftedUpdate, hostileMove } from './hostile-updates';
import { deepJsonText, friendlyText, hostileJson, randomUnicode } from './hostile-values';
import { mutateBytes } from './mutations';
import { ProposalModel } from './proposal-model';
import type { Random } from './random';

/** One WebSocket message the fuzzer sends: binary, or a text frame when `data` is a string. */
export interface Frame {
  kind: string;
  data: Uint8Array | string;
}

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/**
 * The frames of one /collab fuzz lane, in an order fixed by its seed: valid
 * y-websocket messages (sync steps, updates made with a real Y.Doc on the
 * proposal layout, awareness), hostile but well-encoded updates, and byte-level
 * damage (bit flips, truncation, varint overflow, huge lengths, random bytes,
 * text frames, awareness garbage, unknown types, oversized messages).
 */
export class CollabFrameSource {
  private readonly model: ProposalModel;
  private readonly queue: Frame[] = [];
  private readonly awarenessId: number;
  private awarenessClock = 0;

  constructor(
    private readonly random: Random,
    base: Uint8Array,
    private readonly maxMessageBytes: number,
  ) {
    this.model = new ProposalModel(random.fork('model'), base);
    this.awarenessId = this.model.doc.clientID;
  }

  next(): Frame {
    if (this.queue.length === 0) this.queue.push(...this.step());
    return this.queue.shift()!;
  }

  private step(): Frame[] {
    const random = this.random;
    return random.weighted<() => Frame[]>([
      [28, () => [this.update(this.model.benign())]],
      [3, () => [{ kind: 'sync-step-1', data: syncStep1(Y.encodeStateVector(this.model.doc)) }]],
      [2, () => [{ kind: 'sync-step-1:hostile', data: syncStep1(hostileStateVector(random)) }]],
      [4, () => [{ kind: 'awareness', data: awareness([this.cursor()]) }]],
      [6, () => [this.hostileAwareness()]],
      [1, () => [{ kind: 'query-awareness', data: varUints([collabMessageTypes.queryAwareness]) }]],
      [14, () => this.hostileUpdates()],
      [3, () => [this.update(craftedUpdate(random))]],
      [26, () => [this.mutated()]],
      [6, () => [{ kind: 'random-bytes', data: random.bytes(random.size(4096)) }]],
      [3, () => [this.textFrame()]],
      [1, () => [{ kind: 'empty', data: new Uint8Array() }]],
      [2, () => [this.unknownType()]],
      [0.1, () => [{ kind: 'oversized', data: new Uint8Array(this.maxMessageBytes + 1) }]],
    ])();
  }

  private update({ kind, update }: { kind: string; update: Uint8Array }): Frame {
    const asStep2 = this.random.chance(0.15);
    return {
      kind: asStep2 ? `${kind}(sync-step-2)` : kind,
      data: syncMessage(asStep2 ? SYNC_STEP_2 : SYNC_UPDATE, update),
    };
  }

  private hostileUpdates(): Frame[] {
    const move = hostileMove(this.random, this.model);
    return move.updates.map((update, i) => ({
      ...this.update({ kind: move.kind, update }),
      kind: move.updates.length > 1 ? `${move.kind}#${i + 1}` : move.kind,
    }));
  }

  /** A valid message of some kind, then damaged; built on a scratch copy of the model. */
  private mutated(): Frame {
    const random = this.random;
    const scratch = this.model.scratch();
    try {
      const [base, data] = random.weighted<() => [string, Uint8Array]>([
        [5, () => ['update', syncMessage(SYNC_UPDATE, this.model.benign(scratch).update)]],
        [1, () => ['sync-step-1', syncStep1(Y.encodeStateVector(scratch))]],
        [2, () => ['awareness', awareness([this.cursor()])]],
      ])();
      const mutation = mutateBytes(random, data);
      return { kind: `mutated:${mutation.how}(${base})`, data: mutation.value };
    } finally {
      scratch.destroy();
    }
  }

  private cursor(): AwarenessEntry {
    return {
      clientId: this.awarenessId,
      clock: ++this.awarenessClock,
      json: JSON.stringify({
        user: { name: 'Fuzz', color: '#30bced' },
        cursor: this.random.chance(0.5) ? null : { anchor: 0, head: 0 },
      }),
    };
  }

  private hostileAwareness(): Frame {
    const random = this.random;
    const [kind, entries] = random.weighted<() => [string, AwarenessEntry[]]>([
      [2, () => ['many-people', this.fakePeople(random.pick([50, 500, 5_000]))]],
      [
        2,
        () => [
          'huge-state',
          [this.entry(JSON.stringify({ x: 'x'.repeat(random.pick([4_000, 100_000])) }))],
        ],
      ],
      [
        2,
        () => [
          'spoofed-user',
          [
            this.entry(
              JSON.stringify({
                user: { id: 'x', name: 'Karen Fællesen (demo)', role: 'coCreator' },
              }),
            ),
          ],
        ],
      ],
      [2, () => ['remove-others', [{ clientId: random.clientId(), clock: 2 ** 31, json: 'null' }]]],
      [
        2,
        () => [
          'not-an-object',
          [this.entry(random.pick(['[]', '1', '"x"', 'true', 'undefined', '{', '']))],
        ],
      ],
      [
        1,
        () => [
          'deep-json',
          [
            this.entry(
              deepJsonText(
                random.pick([100, 10_000, 100_000]),
                random.pick(['array', 'object'] as const),
              ),
            ),
          ],
        ],
      ],
      [
        2,
        () => [
          'hostile-json',
          [this.entry(JSON.stringify({ user: hostileJson(random), cursor: hostileJson(random) }))],
        ],
      ],
      [
        1,
        () => [
          'huge-clock',
          [{ clientId: this.awarenessId, clock: Number.MAX_SAFE_INTEGER, json: '{}' }],
        ],
      ],
      [1, () => ['huge-client', [{ clientId: Number.MAX_SAFE_INTEGER, clock: 1, json: '{}' }]]],
      [
        1,
        () => [
          'lone-surrogates',
          [this.entry(`{"n":"${randomUnicode(random, 40).replace(/["\\]/g, '')}"}`)],
        ],
      ],
    ])();
    return { kind: `awareness:${kind}`, data: awareness(entries) };
  }

  private entry(json: string): AwarenessEntry {
    return { clientId: this.awarenessId, clock: ++this.awarenessClock, json };
  }

  private fakePeople(count: number): AwarenessEntry[] {
    return Array.from({ length: count }, () => ({
      clientId: this.random.clientId(),
      clock: 1,
      json: JSON.stringify({ user: { name: friendlyText(this.random, 2) } }),
    }));
  }

  private textFrame(): Frame {
    const random = this.random;
    const text = random.pick([
      () => friendlyText(random),
      () => JSON.stringify(hostileJson(random)),
      () => randomUnicode(random, random.size(2_000)),
      () => Buffer.from(syncStep1(new Uint8Array([0]))).toString('latin1'),
    ])();
    return { kind: 'text-frame', data: text };
  }

  private unknownType(): Frame {
    const random = this.random;
    const [kind, data] = random.pick<() => [string, Uint8Array]>([
      () => ['unknown-type', varUints([random.int(4, 2 ** 20)], random.bytes(random.size(64)))],
      () => ['auth-message', varUints([collabMessageTypes.auth, 0], random.bytes(random.size(16)))],
      () => ['unknown-sync-step', varUints([collabMessageTypes.sync, random.int(3, 300), 0])],
      () => ['trailing-bytes', varUints([collabMessageTypes.queryAwareness], random.bytes(4))],
    ])();
    return { kind, data };
  }
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, collabMessageTypes.sync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

function syncStep1(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SYNC_STEP_1, stateVector);
}

/** Many clients, or clocks far past anything the document has. */
function hostileStateVector(random: Random): Uint8Array {
  const e = encoding.createEncoder();
  const count = random.pick([1, 100, 10_000]);
  encoding.writeVarUint(e, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(e, random.clientId());
    encoding.writeVarUint(e, random.pick([0, 1, 2 ** 32, Number.MAX_SAFE_INTEGER]));
  }
  return encoding.toUint8Array(e);
}

function awareness(entries: AwarenessEntry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, json);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, collabMessageTypes.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

function varUints(numbers: number[], tail: Uint8Array = new Uint8Array()): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of numbers) encoding.writeVarUint(e, n);
  encoding.writeUint8Array(e, tail);
  return encoding.toUint8Array(e);
}
