import { randomInt } from 'node:crypto';

/**
 * A small seeded PRNG (sfc32, seeded through a string hash), so every frame
 * the fuzzer sends follows from the run's seed: the same `FUZZ_SEED` sends the
 * same frames in the same order on each lane. Math.random cannot be seeded.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    const hash = stringHash(seed);
    this.a = hash();
    this.b = hash();
    this.c = hash();
    this.d = hash();
    // The first outputs of sfc32 still show the seed's structure.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A stream of its own, derived from this one's seed and `label` (not from its position). */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `choices`, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  /** Mostly small, sometimes large: sizes that find both off-by-one and huge-input bugs. */
  size(max: number): number {
    const roll = this.next();
    if (roll < 0.6) return this.int(0, Math.min(max, 16));
    if (roll < 0.9) return this.int(0, Math.min(max, 512));
    return this.int(0, max);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** A Yjs client id: 32-bit unsigned, as Y.Doc picks them. */
  clientId(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** cyrb128-style string hash, giving 32-bit words to seed the generator. */
function stringHash(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/** The run's seed: `FUZZ_SEED` when given (to reproduce a run), else a fresh one. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): string {
  return env.FUZZ_SEED?.trim() || String(randomInt(1, 2 ** 31));
}
