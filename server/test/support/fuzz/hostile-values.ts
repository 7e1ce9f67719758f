import type { Random } from './random';

/** Characters that text rules must refuse or that break naive code. */
const NASTY_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u202e', // right-to-left override
  '\u2066',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '\r',
  '\t',
  '\n',
  '😀',
  'é',
  '<script>alert(1)</script>',
  '"',
  "'",
  '\\',
  '%00',
  '${7*7}',
] as const;

const WORDS = ['bænk', 'sø', 'sti', 'lys', 'skole', 'bus', 'træ', 'hal', 'park', 'cykel'] as const;

/** Plain Danish words: what a well-behaved member types. */
export function friendlyText(random: Random, words = random.int(1, 6)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random.pick(WORDS));
  return out.join(' ');
}

/** A string that is wrong in some way: control and bidi characters, lone surrogates, huge. */
export function hostileString(random: Random): string {
  return random.weighted<() => string>([
    [4, () => friendlyText(random) + random.pick(NASTY_CHARACTERS) + friendlyText(random, 1)],
    [2, () => random.pick(NASTY_CHARACTERS).repeat(random.int(1, 50))],
    [1, () => ''],
    [1, () => ' '.repeat(random.int(1, 300))],
    [1, () => 'x'.repeat(random.pick([199, 200, 201, 2000, 2001, 5000, 5001, 60_000]))],
    [1, () => randomUnicode(random, random.size(400))],
    [1, () => random.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])],
    [1, () => random.pick(['javascript:alert(1)', 'data:text/html,<b>', 'JaVaScRiPt:x', '//evil'])],
    [1, () => String(random.pick(HOSTILE_NUMBERS))],
  ])();
}

/** Code units from all over the range, surrogates and controls included. */
export function randomUnicode(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += String.fromCharCode(
      random.chance(0.5) ? random.int(0, 0x7f) : random.chance(0.8) ? random.int(0, 0xffff) : 0,
    );
  }
  return out;
}

export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  5e-324,
  Number.MAX_VALUE,
] as const;

/** Any JSON value, hostile more often than not, at most `depth` levels of nesting. */
export function hostileJson(random: Random, depth = 3): unknown {
  const roll = random.int(0, depth > 0 ? 9 : 6);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(HOSTILE_NUMBERS);
    case 3:
    case 4:
      return hostileString(random);
    case 5:
      return friendlyText(random);
    case 6:
      return random.int(-5, 100);
    case 7:
      return Array.from({ length: random.size(8) }, () => hostileJson(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.size(8); i > 0; i--) {
        const key = random.chance(0.7) ? friendlyText(random, 1) : hostileString(random);
        ownProperty(object, key, hostileJson(random, depth - 1));
      }
      return object;
    }
  }
}

/** Sets `key` as an own property, even `__proto__` (an assignment would change the prototype). */
function ownProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * `value` as Yjs stores it in a map or list: Yjs picks the kind of content by
 * `value.constructor`, so an own `constructor` key would make the fuzzer's own
 * Y.Doc throw. Such keys are renamed; everything else stays hostile.
 */
export function yjsValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(yjsValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    ownProperty(out, key === 'constructor' ? 'constructor_' : key, yjsValue(inner));
  }
  return out;
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` deep, as JSON text (built without recursion). */
export function deepJsonText(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** The same nesting as a value. */
export function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
