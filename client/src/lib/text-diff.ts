/**
 * A text diff for comparing two frozen versions of a proposal: lines first
 * (longest common subsequence), then words inside lines that changed.
 * Small and dependency-free; proposals are a few pages, not a code base.
 */

export type DiffKind = 'same' | 'added' | 'removed';

/** A run of text inside a line, kept, added or removed. */
export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export type DiffLine =
  | { kind: 'same'; text: string }
  | { kind: 'added'; text: string }
  | { kind: 'removed'; text: string }
  /** A line that was edited: its words, kept, added and removed. */
  | { kind: 'changed'; parts: DiffPart[] };

/**
 * Above this many cells the table would cost too much memory and time; the
 * differing middle is then shown as removed and added as a whole.
 */
const MAX_CELLS = 4_000_000;

/** Below this share of kept characters an edited line reads better as removed plus added. */
const MIN_SIMILARITY = 0.4;

/** The steps that turn `a` into `b`: kept, removed (from `a`) and added (from `b`) items. */
export function diffSequences<T>(a: readonly T[], b: readonly T[]): { kind: DiffKind; item: T }[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const head = a.slice(0, start).map((item) => ({ kind: 'same' as const, item }));
  const tail = a.slice(endA).map((item) => ({ kind: 'same' as const, item }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...diffMiddle(midA, midB), ...tail];
}

function diffMiddle<T>(a: readonly T[], b: readonly T[]): { kind: DiffKind; item: T }[] {
  const removedAll = a.map((item) => ({ kind: 'removed' as const, item }));
  const addedAll = b.map((item) => ({ kind: 'added' as const, item }));
  if (a.length === 0 || b.length === 0 || (a.length + 1) * (b.length + 1) > MAX_CELLS) {
    return [...removedAll, ...addedAll];
  }

  // lengths[i * width + j]: length of the LCS of a[i..] and b[j..].
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }

  const steps: { kind: DiffKind; item: T }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      steps.push({ kind: 'same', item: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      steps.push({ kind: 'removed', item: a[i]! });
      i++;
    } else {
      steps.push({ kind: 'added', item: b[j]! });
      j++;
    }
  }
  while (i < a.length) steps.push({ kind: 'removed', item: a[i++]! });
  while (j < b.length) steps.push({ kind: 'added', item: b[j++]! });
  return steps;
}

/** Words, runs of white space, and single punctuation marks. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/**
 * The word-level changes between two lines. Within a stretch of changes the
 * removed text comes before the added text, and a lone space between two
 * changes joins them, so "a b" → "x y" reads as one replacement.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const steps = diffSequences(tokens(before), tokens(after));
  const parts: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) parts.push({ kind: 'removed', text: removed });
    if (added) parts.push({ kind: 'added', text: added });
    removed = '';
    added = '';
  };
  steps.forEach((step, index) => {
    if (step.kind === 'removed') removed += step.item;
    else if (step.kind === 'added') added += step.item;
    else if (/^\s+$/.test(step.item) && (removed || added) && isChange(steps[index + 1])) {
      removed += step.item;
      added += step.item;
    } else {
      flush();
      const last = parts.at(-1);
      if (last?.kind === 'same') last.text += step.item;
      else parts.push({ kind: 'same', text: step.item });
    }
  });
  flush();
  return parts;
}

function isChange(step: { kind: DiffKind } | undefined): boolean {
  return step !== undefined && step.kind !== 'same';
}

/** How much of the line was kept, from 0 (rewritten) to 1 (unchanged); white space does not count. */
export function similarity(parts: DiffPart[]): number {
  const size = { same: 0, added: 0, removed: 0 };
  for (const part of parts) size[part.kind] += part.text.replace(/\s+/g, '').length;
  const kept = size.same;
  return kept === 0 ? 0 : kept / (kept + Math.max(size.added, size.removed));
}

/**
 * The changes between two texts, line by line. Removed lines directly
 * followed by added lines are paired up as edited lines when they have
 * enough in common, and then show their word-level changes.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const steps = diffSequences(before.split('\n'), after.split('\n'));
  const lines: DiffLine[] = [];
  let index = 0;
  while (index < steps.length) {
    const step = steps[index]!;
    if (step.kind === 'same') {
      lines.push({ kind: 'same', text: step.item });
      index++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (index < steps.length && steps[index]!.kind !== 'same') {
      const change = steps[index]!;
      (change.kind === 'removed' ? removed : added).push(change.item);
      index++;
    }
    lines.push(...pairLines(removed, added));
  }
  return lines;
}

/** Hunks larger than this (removed × added lines) are not searched for edited lines. */
const MAX_PAIRINGS = 400;

/**
 * Pairs each removed line with the most similar added line after the last
 * pair (keeping both orders), when they are similar enough to read as an
 * edit. Everything unpaired stays removed or added, removed first.
 */
function pairLines(removed: string[], added: string[]): DiffLine[] {
  if (removed.length * added.length > MAX_PAIRINGS) {
    return [
      ...removed.map((text) => ({ kind: 'removed' as const, text })),
      ...added.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  const lines: DiffLine[] = [];
  let nextAdded = 0;
  for (const line of removed) {
    let best: { index: number; parts: DiffPart[]; score: number } | null = null;
    for (let index = nextAdded; index < added.length; index++) {
      const parts = diffWords(line, added[index]!);
      const score = similarity(parts);
      if (score >= MIN_SIMILARITY && (!best || score > best.score)) best = { index, parts, score };
    }
    if (!best) {
      lines.push({ kind: 'removed', text: line });
      continue;
    }
    for (const text of added.slice(nextAdded, best.index)) lines.push({ kind: 'added', text });
    lines.push({ kind: 'changed', parts: best.parts });
    nextAdded = best.index + 1;
  }
  for (const text of added.slice(nextAdded)) lines.push({ kind: 'added', text });
  return lines;
}

/** Counts for a summary line: how many lines were added, removed and edited. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number; changed: number } {
  const stats = { added: 0, removed: 0, changed: 0 };
  for (const line of lines) if (line.kind !== 'same') stats[line.kind]++;
  return stats;
}
