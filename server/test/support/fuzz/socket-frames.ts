import { type ClientCommandName, clientCommandNames } from '@lokalforum/protocol';
import type { Frame } from './collab-frames';
import {
  friendlyText,
  HOSTILE_NUMBERS,
  hostileJson,
  hostileString,
  randomUnicode,
} from './hostile-values';
import { mutateText } from './mutations';
import type { Random } from './random';

/** Ids the fuzzer may aim at: real ones from its setup, so commands reach the services. */
export interface SocketTargets {
  /** Forums the fuzzer may use (others are left to other tests). */
  slugs: string[];
  debateIds: string[];
  commentIds: string[];
  proposalIds: string[];
}

/** A frame with the acknowledgement id it asked for, if any. */
export interface SocketFrame extends Frame {
  ackId?: number;
}

const RESERVED_EVENTS = [
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  'removeListener',
];
const ODD_EVENT_NAMES: unknown[] = [
  '__proto__',
  'constructor',
  'toString',
  '',
  'x'.repeat(10_000),
  42,
  null,
  {},
  [],
];

/**
 * The frames of one /socket.io fuzz lane, raw engine.io text and binary
 * frames over a WebSocket: commands with near-valid and hostile payloads,
 * unknown and reserved events, wrong argument counts, binary attachments
 * (valid and broken), socket.io and engine.io packets of every type,
 * malformed JSON, damaged packets and random data.
 */
export class SocketFrameSource {
  private readonly queue: SocketFrame[] = [];
  private nextAck = 1;

  constructor(
    private readonly random: Random,
    private readonly targets: SocketTargets,
    private readonly maxMessageBytes: number,
  ) {}

  next(): SocketFrame {
    if (this.queue.length === 0) this.queue.push(...this.step());
    return this.queue.shift()!;
  }

  private step(): SocketFrame[] {
    const random = this.random;
    return random.weighted<() => SocketFrame[]>([
      [30, () => [this.event('command', this.commandName(), [this.payload()], true)]],
      [10, () => [this.event('command:hostile', this.commandName(), [hostileJson(random)], true)]],
      [3, () => [this.event('command:no-ack', this.commandName(), [this.payload()], false)]],
      [3, () => [this.event('command:arguments', this.commandName(), this.argumentList(), true)]],
      [
        6,
        () => [
          this.event('odd-event', this.oddEventName(), [hostileJson(random)], random.chance(0.7)),
        ],
      ],
      [4, () => this.binaryEvent()],
      [4, () => this.brokenBinary()],
      [6, () => [this.socketIoPacket()]],
      [4, () => [this.engineIoPacket()]],
      [6, () => [this.malformed()]],
      [15, () => [this.mutated()]],
      [3, () => [{ kind: 'random-text', data: randomUnicode(random, random.size(2_000)) }]],
      [3, () => [{ kind: 'random-binary', data: random.bytes(random.size(2_000)) }]],
      [1, () => [this.oversized()]],
    ])();
  }

  private commandName(): ClientCommandName {
    return this.random.pick(clientCommandNames);
  }

  /** `42[<id>]["name", ...args]` as engine.io message + socket.io EVENT. */
  private event(kind: string, name: unknown, args: unknown[], ack: boolean): SocketFrame {
    const ackId = ack ? this.nextAck++ : undefined;
    const data = `42${ackId ?? ''}${JSON.stringify([name, ...args])}`;
    return {
      kind: `${kind}:${typeof name === 'string' ? name.slice(0, 30) : typeof name}`,
      data,
      ackId,
    };
  }

  private oddEventName(): unknown {
    return this.random.chance(0.5)
      ? this.random.pick(RESERVED_EVENTS)
      : this.random.pick(ODD_EVENT_NAMES);
  }

  private argumentList(): unknown[] {
    return this.random.pick([[], [this.payload(), this.payload()], [this.payload(), 1, 2, 3]]);
  }

  /** A payload close to what the commands take, with a field or two made wrong. */
  private payload(): unknown {
    const random = this.random;
    const fields: Record<string, unknown> = {
      slug: this.slug(),
      since: random.chance(0.5) ? random.int(0, 50) : random.pick(HOSTILE_NUMBERS),
      slugs: [this.slug(), this.slug()],
      title: this.text(),
      body: this.text(),
      debateId: this.id(this.targets.debateIds),
      commentId: this.id(this.targets.commentIds),
      parentId: this.id(this.targets.commentIds),
      proposalId: this.id(this.targets.proposalIds),
      post: {
        kind: random.pick(['debate', 'comment', 'proposal', hostileString(random)]),
        id: this.id([...this.targets.debateIds, ...this.targets.commentIds]),
      },
      reason: this.text(),
    };
    const payload: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields))
      if (random.chance(0.35)) payload[key] = value;
    if (random.chance(0.15)) payload[hostileString(random)] = hostileJson(random);
    if (random.chance(0.05))
      return JSON.parse(
        `{"__proto__":{"isAdministrator":true},"slug":"${this.targets.slugs[0]}"}`,
      ) as unknown;
    return random.chance(0.05) ? [payload] : payload;
  }

  private slug(): unknown {
    const random = this.random;
    return random.weighted<unknown>([
      [6, random.pick(this.targets.slugs)],
      [1, 'ukendt-forum'],
      [1, hostileString(random)],
      [1, hostileJson(random, 1)],
    ]);
  }

  private id(known: string[]): unknown {
    const random = this.random;
    return random.weighted<unknown>([
      [5, known.length > 0 ? random.pick(known) : '00000000-0000-4000-8000-000000000000'],
      [1, '00000000-0000-4000-8000-000000000000'],
      [1, 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      [1, hostileString(random)],
      [1, hostileJson(random, 1)],
    ]);
  }

  private text(): unknown {
    return this.random.chance(0.6) ? friendlyText(this.random) : hostileJson(this.random, 1);
  }

  /** `451-["name",{"_placeholder":true,"num":0}]` and the attachment as a binary frame. */
  private binaryEvent(): SocketFrame[] {
    const random = this.random;
    const ackId = this.nextAck++;
    const header = `451-${ackId}${JSON.stringify([this.commandName(), { _placeholder: true, num: 0 }])}`;
    return [
      { kind: 'binary-event#1', data: header, ackId },
      { kind: 'binary-event#2', data: random.bytes(random.size(1_000)) },
    ];
  }

  private brokenBinary(): SocketFrame[] {
    const random = this.random;
    const name = this.commandName();
    return random.pick<() => SocketFrame[]>([
      // More attachments announced than sent: the parser waits for the rest.
      () => [
        {
          kind: 'binary:missing-attachments',
          data: `45${random.pick([2, 1000, 99999999])}-${JSON.stringify([name, { _placeholder: true, num: 0 }])}`,
        },
      ],
      () => [
        {
          kind: 'binary:placeholder-out-of-range#1',
          data: `451-${JSON.stringify([name, { _placeholder: true, num: random.pick([1, -1, 1e9, '0', null]) }])}`,
        },
        { kind: 'binary:placeholder-out-of-range#2', data: random.bytes(8) },
      ],
      () => [{ kind: 'binary:attachment-without-header', data: random.bytes(random.size(256)) }],
      () => [
        {
          kind: 'binary:ack#1',
          data: `461-${random.int(0, 1000)}${JSON.stringify([{ _placeholder: true, num: 0 }])}`,
        },
        { kind: 'binary:ack#2', data: random.bytes(4) },
      ],
      () => [
        {
          kind: 'binary:nested-placeholders',
          data: `451-${JSON.stringify([name, { a: { _placeholder: true, num: 0 }, b: [{ _placeholder: true, num: 0 }] }])}`,
        },
      ],
    ])();
  }

  private socketIoPacket(): SocketFrame {
    const random = this.random;
    const data = random.pick([
      '40',
      `40${JSON.stringify({ token: hostileJson(random, 1) })}`,
      '40/admin,',
      `40/${friendlyText(random, 1)},{}`,
      '41',
      '41/admin,',
      `43${random.int(0, 100)}[{"ok":true}]`,
      '44{"message":"x"}',
      `4${random.int(7, 9)}[]`,
      '42/admin,["forum.join",{}]',
      `42${'9'.repeat(random.int(10, 40))}["forum.join",{}]`,
    ]);
    return { kind: `socket.io:${data.slice(0, 12)}`, data };
  }

  private engineIoPacket(): SocketFrame {
    const data = this.random.pick(['2', '3', '2probe', '5', '6', '1', '4', '0', '7', '', '9x']);
    return { kind: `engine.io:${JSON.stringify(data)}`, data };
  }

  private malformed(): SocketFrame {
    const data = this.random.pick([
      '42["forum.join",{',
      '42[',
      '42{}',
      '42"forum.join"',
      '42[]',
      '42[null]',
      '421a["forum.join",{}]',
      '42-1["forum.join",{}]',
      `42[${'['.repeat(5_000)}`,
      `42["forum.join",${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}]`,
      '42["forum.join",{"slug":"\\ud800"}]',
      '42["forum.join",{"slug":1e999}]',
    ]);
    return { kind: `malformed:${data.slice(0, 20)}`, data };
  }

  private mutated(): SocketFrame {
    const base = this.event('command', this.commandName(), [this.payload()], true);
    const mutation = mutateText(this.random, base.data as string);
    return { ...base, kind: `mutated:${mutation.how}(${base.kind})`, data: mutation.value };
  }

  /** Just under and just over the message cap. */
  private oversized(): SocketFrame {
    const over = this.random.chance(0.5);
    const size = this.maxMessageBytes + (over ? 1 : -64);
    const data = `42${JSON.stringify(['debate.create', { slug: this.targets.slugs[0], title: 'x', body: 'x'.repeat(Math.max(0, size - 60)) }])}`;
    return { kind: over ? 'oversized' : 'near-limit', data };
  }
}
