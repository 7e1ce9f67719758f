import { bodyPlainText, type ProseMirrorDoc, type ProseMirrorNode } from '@lokalforum/protocol';
import { diffSequences, diffWords, similarity } from './text-diff';

/**
 * What changed between two frozen versions of a proposal, structure and
 * formatting included: the documents are flattened into their text blocks
 * (title, summary lines, paragraphs, headings, list items, each with the
 * lists and quotes around it), the two block sequences are aligned (longest
 * common subsequence), blocks that reappear elsewhere count as moved, and
 * blocks that were edited in place are compared word by word and then mark
 * by mark. Pure and dependency-free: it runs in the page's server load.
 */

/** The formatting a stretch of text carries (the proposal schema's marks). */
export interface Marks {
  bold: boolean;
  italic: boolean;
  /** The link address, or null. */
  link: string | null;
}

export type BlockKind = 'title' | 'summary' | 'paragraph' | 'heading';
export type Container = 'bulletList' | 'orderedList' | 'blockquote';

/** Where a block sits in the document's structure. */
export interface BlockShape {
  kind: BlockKind;
  /** A heading's level, else null. */
  level: number | null;
  /** The lists and quotes around the block, outermost first. */
  containers: Container[];
}

export interface Run {
  text: string;
  marks: Marks;
}

/** One text block of a document, as the comparison sees it. */
export interface Block {
  shape: BlockShape;
  runs: Run[];
  /** '•' or '3.' on the first block of a list item, else null. */
  marker: string | null;
}

/** A stretch of a block's text: kept, added, removed, or kept with other formatting. */
export type InlinePart =
  | { kind: 'same' | 'added' | 'removed'; text: string; marks: Marks }
  | { kind: 'formatted'; text: string; before: Marks; marks: Marks };

export type FormatChange =
  | 'boldAdded'
  | 'boldRemoved'
  | 'italicAdded'
  | 'italicRemoved'
  | 'linkAdded'
  | 'linkChanged'
  | 'linkRemoved';

interface Shown {
  shape: BlockShape;
  marker: string | null;
  parts: InlinePart[];
}

/**
 * One block of the comparison. `changed`: edited in place (its words, its
 * formatting, its place in the structure: `before` is the old shape).
 * `movedAway` / `movedHere`: the same block at its old and its new place,
 * sharing the number `move`.
 */
export type BlockDiff =
  | ({ kind: 'same' | 'added' | 'removed' } & Shown)
  | ({
      kind: 'changed';
      before: BlockShape;
      shapeChanged: boolean;
      textChanged: boolean;
      formats: FormatChange[];
    } & Shown)
  | ({ kind: 'movedAway' | 'movedHere'; move: number } & Shown);

export interface StructureStats {
  added: number;
  removed: number;
  changed: number;
  moved: number;
}

/** Deeper nesting than the proposal schema allows is not walked (the server refuses it anyway). */
const MAX_DEPTH = 64;

const NO_MARKS: Marks = { bold: false, italic: false, link: null };

function marksOf(node: ProseMirrorNode, inherited: Marks): Marks {
  const marks = { ...inherited };
  for (const mark of node.marks ?? []) {
    // y-prosemirror may spell an overlapping mark `<name>--<hash>`.
    const type = mark.type.split('--')[0];
    if (type === 'bold') marks.bold = true;
    else if (type === 'italic') marks.italic = true;
    else if (type === 'link' && typeof mark.attrs?.href === 'string') marks.link = mark.attrs.href;
  }
  return marks;
}

const sameMarks = (a: Marks, b: Marks) =>
  a.bold === b.bold && a.italic === b.italic && a.link === b.link;

/** Adjacent runs with equal formatting become one, so equal text compares equal. */
function pushRun(runs: Run[], text: string, marks: Marks): void {
  if (!text) return;
  const last = runs.at(-1);
  if (last && sameMarks(last.marks, marks)) last.text += text;
  else runs.push({ text, marks });
}

function inlineRuns(nodes: ProseMirrorNode[], inherited: Marks, runs: Run[], depth: number) {
  if (depth > MAX_DEPTH) return;
  for (const node of nodes) {
    const marks = marksOf(node, inherited);
    if (node.text !== undefined) pushRun(runs, node.text, marks);
    else inlineRuns(node.content ?? [], marks, runs, depth + 1);
  }
}

function walk(nodes: ProseMirrorNode[], containers: Container[], out: Block[], depth: number) {
  if (depth > MAX_DEPTH) return;
  for (const node of nodes) {
    const children = node.content ?? [];
    switch (node.type) {
      case 'bulletList':
      case 'orderedList': {
        const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
        const inner = [...containers, node.type];
        children.forEach((item, index) => {
          const first = out.length;
          walk(item.content ?? [], inner, out, depth + 2);
          const block = out[first];
          if (block && block.shape.containers.length === inner.length) {
            block.marker = node.type === 'orderedList' ? `${start + index}.` : '•';
          }
        });
        break;
      }
      case 'blockquote':
        walk(children, [...containers, 'blockquote'], out, depth + 1);
        break;
      case 'listItem':
        walk(children, containers, out, depth + 1);
        break;
      default: {
        // paragraph, heading, and anything a later schema adds: a block of text.
        const runs: Run[] = [];
        inlineRuns(children, NO_MARKS, runs, depth + 1);
        const heading = node.type === 'heading';
        const level = heading && typeof node.attrs?.level === 'number' ? node.attrs.level : null;
        if (runs.length > 0) {
          out.push({
            shape: { kind: heading ? 'heading' : 'paragraph', level, containers },
            runs,
            marker: null,
          });
        }
      }
    }
  }
}

/** The body's text blocks in reading order; empty blocks carry nothing to compare and are left out. */
export function bodyBlocks(body: ProseMirrorDoc): Block[] {
  const out: Block[] = [];
  walk(body.content, [], out, 1);
  return out;
}

const plain = (kind: 'title' | 'summary', text: string): Block => ({
  shape: { kind, level: null, containers: [] },
  runs: [{ text, marks: NO_MARKS }],
  marker: null,
});

/**
 * A version's summary. Versions store the title, the body and the whole
 * text (title, summary and body joined by blank lines, empty parts left
 * out), so the summary is what lies between the title and the body.
 */
export function versionSummary(version: { title: string; text: string; body: ProseMirrorDoc }) {
  let rest = version.text;
  if (version.title && rest.startsWith(version.title)) rest = rest.slice(version.title.length);
  const body = bodyPlainText(version.body);
  if (body && rest.endsWith(body)) rest = rest.slice(0, rest.length - body.length);
  return rest.replace(/^\n\n/, '').replace(/\n\n$/, '');
}

/** A version as blocks: its title, its summary line by line, then its body. */
export function versionBlocks(version: {
  title: string;
  text: string;
  body: ProseMirrorDoc;
}): Block[] {
  const summary = versionSummary(version);
  return [
    ...(version.title.trim() ? [plain('title', version.title)] : []),
    ...summary
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => plain('summary', line)),
    ...bodyBlocks(version.body),
  ];
}

export const blockText = (block: Block) => block.runs.map((run) => run.text).join('');

function shapeKey(shape: BlockShape): string {
  return `${shape.kind}:${shape.level ?? ''}:${shape.containers.join('>')}`;
}

const sameShape = (a: BlockShape, b: BlockShape) => shapeKey(a) === shapeKey(b);

/** Equal keys: the same text, formatting and place in the structure. */
function blockKey(block: Block): string {
  return JSON.stringify([
    shapeKey(block.shape),
    block.runs.map((r) => [r.text, r.marks.bold, r.marks.italic, r.marks.link]),
  ]);
}

const unchanged = (kind: 'same' | 'added' | 'removed', block: Block): InlinePart[] =>
  block.runs.map((run) => ({ kind, text: run.text, marks: run.marks }));

/** The formatting of every UTF-16 unit of a block's text. */
function marksByUnit(block: Block): Marks[] {
  return block.runs.flatMap((run) => Array.from({ length: run.text.length }, () => run.marks));
}

function pushPart(parts: InlinePart[], part: InlinePart): void {
  const last = parts.at(-1);
  const mergeable =
    last &&
    last.kind === part.kind &&
    sameMarks(last.marks, part.marks) &&
    (last.kind !== 'formatted' || part.kind !== 'formatted' || sameMarks(last.before, part.before));
  if (mergeable) last.text += part.text;
  else parts.push(part);
}

/** Words first (as the plain text diff), then, in the kept words, each change of formatting. */
export function inlineDiff(before: Block, after: Block): InlinePart[] {
  const marksA = marksByUnit(before);
  const marksB = marksByUnit(after);
  const parts: InlinePart[] = [];
  let a = 0;
  let b = 0;
  for (const word of diffWords(blockText(before), blockText(after))) {
    for (let k = 0; k < word.text.length; k++) {
      const text = word.text[k]!;
      if (word.kind === 'removed') {
        pushPart(parts, { kind: 'removed', text, marks: marksA[a++] ?? NO_MARKS });
      } else if (word.kind === 'added') {
        pushPart(parts, { kind: 'added', text, marks: marksB[b++] ?? NO_MARKS });
      } else {
        const was = marksA[a++] ?? NO_MARKS;
        const is = marksB[b++] ?? NO_MARKS;
        pushPart(
          parts,
          sameMarks(was, is)
            ? { kind: 'same', text, marks: is }
            : { kind: 'formatted', text, before: was, marks: is },
        );
      }
    }
  }
  return parts;
}

const FORMAT_ORDER: FormatChange[] = [
  'boldAdded',
  'boldRemoved',
  'italicAdded',
  'italicRemoved',
  'linkAdded',
  'linkChanged',
  'linkRemoved',
];

/** What a stretch of kept text gained or lost. */
export function formatChanges(before: Marks, after: Marks): FormatChange[] {
  const changes: FormatChange[] = [];
  if (!before.bold && after.bold) changes.push('boldAdded');
  if (before.bold && !after.bold) changes.push('boldRemoved');
  if (!before.italic && after.italic) changes.push('italicAdded');
  if (before.italic && !after.italic) changes.push('italicRemoved');
  if (before.link === null && after.link !== null) changes.push('linkAdded');
  if (before.link !== null && after.link === null) changes.push('linkRemoved');
  if (before.link !== null && after.link !== null && before.link !== after.link) {
    changes.push('linkChanged');
  }
  return changes;
}

function changedBlock(before: Block, after: Block): BlockDiff {
  const parts = inlineDiff(before, after);
  const found = new Set<FormatChange>();
  for (const part of parts) {
    if (part.kind === 'formatted')
      for (const c of formatChanges(part.before, part.marks)) found.add(c);
  }
  return {
    kind: 'changed',
    shape: after.shape,
    before: before.shape,
    marker: after.marker,
    parts,
    shapeChanged: !sameShape(before.shape, after.shape),
    textChanged: parts.some((p) => p.kind === 'added' || p.kind === 'removed'),
    formats: FORMAT_ORDER.filter((c) => found.has(c)),
  };
}

/** Below this share of kept text an edited block reads better as removed plus added. */
const MIN_SIMILARITY = 0.4;
/** Hunks larger than this (removed × added blocks) are not searched for edited blocks. */
const MAX_PAIRINGS = 400;

function textSimilarity(a: Block, b: Block): number {
  const before = blockText(a);
  const after = blockText(b);
  const score = before === after ? 1 : similarity(diffWords(before, after));
  // A proposal has one title: a new one is the old one edited, however much.
  return a.shape.kind === 'title' && b.shape.kind === 'title'
    ? Math.max(score, MIN_SIMILARITY)
    : score;
}

/**
 * Compares two documents given as blocks. Blocks are aligned by their keys;
 * in each stretch that differs, a removed block whose exact copy was added
 * anywhere is a move, and the rest are paired, in order, with the most
 * similar added block (preferring one of the same shape) to show as edited.
 */
export function diffBlocks(before: Block[], after: Block[]): BlockDiff[] {
  const keysA = before.map(blockKey);
  const keysB = after.map(blockKey);
  const steps = diffSequences(keysA, keysB);

  // Index steps, grouped into runs of kept blocks and stretches of change.
  type Hunk = { same: [number, number] } | { removed: number[]; added: number[] };
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const step of steps) {
    if (step.kind === 'same') {
      hunks.push({ same: [i++, j++] });
      continue;
    }
    let last = hunks.at(-1);
    if (!last || 'same' in last) {
      last = { removed: [], added: [] };
      hunks.push(last);
    }
    if (step.kind === 'removed') last.removed.push(i++);
    else last.added.push(j++);
  }

  // Moves: the same key removed in one place and added in another.
  const addedByKey = new Map<string, number[]>();
  for (const hunk of hunks) {
    if ('same' in hunk) continue;
    for (const index of hunk.added) {
      const list = addedByKey.get(keysB[index]!) ?? [];
      list.push(index);
      addedByKey.set(keysB[index]!, list);
    }
  }
  const movedFrom = new Map<number, number>(); // before index → move number
  const movedTo = new Map<number, number>(); // after index → move number
  for (const hunk of hunks) {
    if ('same' in hunk) continue;
    for (const index of hunk.removed) {
      const target = addedByKey.get(keysA[index]!)?.shift();
      if (target === undefined) continue;
      const move = movedFrom.size + 1;
      movedFrom.set(index, move);
      movedTo.set(target, move);
    }
  }

  const result: BlockDiff[] = [];
  const emitAdded = (index: number) => {
    const block = after[index]!;
    const move = movedTo.get(index);
    result.push(
      move === undefined
        ? {
            kind: 'added',
            shape: block.shape,
            marker: block.marker,
            parts: unchanged('added', block),
          }
        : {
            kind: 'movedHere',
            move,
            shape: block.shape,
            marker: block.marker,
            parts: unchanged('same', block),
          },
    );
  };

  for (const hunk of hunks) {
    if ('same' in hunk) {
      const block = after[hunk.same[1]]!;
      result.push({
        kind: 'same',
        shape: block.shape,
        marker: block.marker,
        parts: unchanged('same', block),
      });
      continue;
    }
    const pairable = hunk.removed.length * hunk.added.length <= MAX_PAIRINGS;
    let nextAdded = 0;
    for (const index of hunk.removed) {
      const block = before[index]!;
      const move = movedFrom.get(index);
      if (move !== undefined) {
        result.push({
          kind: 'movedAway',
          move,
          shape: block.shape,
          marker: block.marker,
          parts: unchanged('same', block),
        });
        continue;
      }
      let best: { at: number; score: number } | null = null;
      for (let at = nextAdded; pairable && at < hunk.added.length; at++) {
        const candidate = after[hunk.added[at]!]!;
        if (movedTo.has(hunk.added[at]!)) continue;
        const score =
          textSimilarity(block, candidate) + (sameShape(block.shape, candidate.shape) ? 0.01 : 0);
        if (score >= MIN_SIMILARITY && (!best || score > best.score)) best = { at, score };
      }
      if (!best) {
        result.push({
          kind: 'removed',
          shape: block.shape,
          marker: block.marker,
          parts: unchanged('removed', block),
        });
        continue;
      }
      for (const at of hunk.added.slice(nextAdded, best.at)) emitAdded(at);
      result.push(changedBlock(block, after[hunk.added[best.at]!]!));
      nextAdded = best.at + 1;
    }
    for (const at of hunk.added.slice(nextAdded)) emitAdded(at);
  }
  return result;
}

/** Two versions compared: title, summary and body. */
export function diffVersions(
  before: { title: string; text: string; body: ProseMirrorDoc },
  after: { title: string; text: string; body: ProseMirrorDoc },
): BlockDiff[] {
  return diffBlocks(versionBlocks(before), versionBlocks(after));
}

/** Counts for the summary line; a move counts once. */
export function structureStats(diff: BlockDiff[]): StructureStats {
  const stats = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const block of diff) {
    if (block.kind === 'added') stats.added++;
    else if (block.kind === 'removed') stats.removed++;
    else if (block.kind === 'changed') stats.changed++;
    else if (block.kind === 'movedHere') stats.moved++;
  }
  return stats;
}
