import * as encoding from 'lib0/encoding';
import { randomUnicode } from './hostile-values';
import type { Random } from './random';

/** Bytes with what was done to them. */
export interface Mutated<T> {
  how: string;
  value: T;
}

/** Damages a valid binary message the ways a bad network or a hostile client would. */
export function mutateBytes(random: Random, bytes: Uint8Array): Mutated<Uint8Array> {
  const length = bytes.length;
  const at = () => random.int(0, Math.max(0, length - 1));
  const how = random.weighted<[string, () => Uint8Array]>([
    [4, ['bit-flip', () => flipBits(random, bytes, random.int(1, 8))]],
    [4, ['truncate', () => bytes.slice(0, random.int(0, Math.max(0, length - 1)))]],
    [2, ['extend', () => concat(bytes, random.bytes(random.size(64) + 1))]],
    [2, ['varint-overflow', () => splice(bytes, at(), random.int(0, 2), varintOverflow(random))]],
    [
      3,
      [
        'huge-length',
        () => splice(bytes, Math.min(length, random.int(1, 3)), 1, hugeVarint(random)),
      ],
    ],
    [2, ['insert', () => splice(bytes, at(), 0, random.bytes(random.int(1, 16)))]],
    [2, ['delete', () => splice(bytes, at(), random.int(1, 16), new Uint8Array())]],
    [1, ['duplicate', () => concat(bytes, bytes)]],
    [
      2,
      ['set-byte', () => splice(bytes, at(), 1, Uint8Array.of(random.pick([0, 0x7f, 0x80, 0xff])))],
    ],
    [1, ['swap-type', () => splice(bytes, 0, 1, Uint8Array.of(random.int(0, 10)))]],
  ]);
  return { how: how[0], value: how[1]() };
}

/** Damages a text packet: cut, spliced, characters swapped or replaced by arbitrary ones. */
export function mutateText(random: Random, text: string): Mutated<string> {
  const at = () => random.int(0, Math.max(0, text.length - 1));
  const how = random.weighted<[string, () => string]>([
    [3, ['truncate', () => text.slice(0, random.int(0, Math.max(0, text.length - 1)))]],
    [2, ['insert', () => spliceText(text, at(), 0, randomUnicode(random, random.int(1, 8)))]],
    [2, ['delete', () => spliceText(text, at(), random.int(1, 8), '')]],
    [
      2,
      [
        'replace',
        () => spliceText(text, at(), 1, random.pick(['"', '[', ']', '{', '}', ',', ':', '-', '0'])),
      ],
    ],
    [1, ['duplicate', () => text + text]],
    [1, ['flip-case', () => text.toUpperCase()]],
  ]);
  return { how: how[0], value: how[1]() };
}

export function flipBits(random: Random, bytes: Uint8Array, count: number): Uint8Array {
  const out = bytes.slice();
  if (out.length === 0) return out;
  for (let i = 0; i < count; i++) out[random.int(0, out.length - 1)]! ^= 1 << random.int(0, 7);
  return out;
}

/** A varuint with more continuation bytes than any 53-bit number needs. */
function varintOverflow(random: Random): Uint8Array {
  const out = new Uint8Array(random.int(8, 24)).fill(0xff);
  out[out.length - 1] = 0x7f;
  return out;
}

function hugeVarint(random: Random): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, random.pick([2 ** 31, 2 ** 32, 2 ** 48, Number.MAX_SAFE_INTEGER]));
  return encoding.toUint8Array(e);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  return concat(bytes.subarray(0, at), insert, bytes.subarray(Math.min(bytes.length, at + remove)));
}

function spliceText(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}
