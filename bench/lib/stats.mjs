/**
 * Percentile summaries. Nearest-rank on a sorted copy: exact, and cheap
 * enough for the few hundred thousand samples one run produces.
 */

/**
 * @typedef {{ count: number, min: number, p50: number, p95: number, p99: number, max: number, mean: number }} Summary
 */

/**
 * @param {ArrayLike<number>} samples
 * @returns {Summary}
 */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, min: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    min: sorted[0],
    p50: rank(sorted, 0.5),
    p95: rank(sorted, 0.95),
    p99: rank(sorted, 0.99),
    max: sorted[n - 1],
    mean: sum / n,
  };
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least q of samples ≤ it. */
function rank(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** A growable Float64Array: pushing 10^5–10^6 numbers into a JS array would cost the load generator more. */
export class Samples {
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
    this.length = 0;
  }

  /** @param {number} value */
  push(value) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values() {
    return this.data.subarray(0, this.length);
  }
}

/** Rounds for tables and JSON: 2 decimals is below the timer noise anyway. */
export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Milliseconds on CLOCK_MONOTONIC (`process.hrtime`): the same clock in every
 * process on the machine, so times taken in different processes compare.
 */
export function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}
