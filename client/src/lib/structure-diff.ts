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
/**
 * Above this many block pairs (removed × added, after the equal start and
 * end) blocks are aligned by exact equality only, and edited blocks are
 * searched for in each stretch of change; below it, by similarity.
 */
const MAX_FUZZY_PAIRS = 2500;

const wordsOf = (text: string) => new Set(text.toLocaleLowerCase().match(/[\p{L}\p{N}_]+/gu));

function textSimilarity(a: Block, b: Block): number {
  const before = blockText(a);
  const after = blockText(b);
  const score = before === after ? 1 : similarity(diffWords(before, after));
  // A proposal has one title: a new one is the old one edited, however much.
  return a.shape.kind === 'title' && b.shape.kind === 'title'
    ? Math.max(score, MIN_SIMILARITY)
    : score;
}

/** One step of the alignment: a block kept or edited (`a` ↔ `b`), removed, or added. */
type Step =
  | { kind: 'match'; a: number; b: number }
  | { kind: 'removed'; a: number }
  | { kind: 'added'; b: number };

/**
 * How much aligning `a` with `b` is worth, 0 when they are too different to
 * be one block edited: 1 for an identical block, 0.9 for the same text with
 * other formatting or structure, less the less of the text was kept. So two
 * edited blocks stay in place while the one block that moved past them
 * moves, but a run of loosely similar blocks does not outweigh identical ones.
 */
function matchWeight(a: Block, b: Block, keyA: string, keyB: string, words: boolean): number {
  if (keyA === keyB) return 1;
  if (blockText(a) === blockText(b)) return 0.9;
  if (!words && !(a.shape.kind === 'title' && b.shape.kind === 'title')) return 0;
  const score = textSimilarity(a, b);
  return score >= MIN_SIMILARITY ? 0.9 * score : 0;
}

/**
 * The heaviest alignment of the two block lists that keeps both orders (a
 * longest common subsequence weighted by `matchWeight`), so an edited or
 * reformatted block stays in its place and only what truly moved is left over.
 */
function alignBySimilarity(before: Block[], after: Block[], keysA: string[], keysB: string[]) {
  const n = before.length;
  const m = after.length;
  const wordsA = before.map((block) => wordsOf(blockText(block)));
  const wordsB = after.map((block) => wordsOf(blockText(block)));
  const weight = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      // Sharing no word at all, the two cannot be one block edited: skip the word diff.
      const shared = [...wordsA[i]!].some((word) => wordsB[j]!.has(word));
      weight[i * m + j] = matchWeight(before[i]!, after[j]!, keysA[i]!, keysB[j]!, shared);
    }
  }
  // best[i * (m + 1) + j]: the heaviest alignment of before[i..] and after[j..].
  const width = m + 1;
  const best = new Float64Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = weight[i * m + j]!;
      best[i * width + j] = Math.max(
        best[(i + 1) * width + j]!,
        best[i * width + j + 1]!,
        w > 0 ? w + best[(i + 1) * width + j + 1]! : 0,
      );
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const w = weight[i * m + j]!;
    if (w > 0 && best[i * width + j] === w + best[(i + 1) * width + j + 1]!) {
      steps.push({ kind: 'match', a: i++, b: j++ });
    } else if (best[(i + 1) * width + j]! >= best[i * width + j + 1]!) {
      steps.push({ kind: 'removed', a: i++ });
    } else {
      steps.push({ kind: 'added', b: j++ });
    }
  }
  while (i < n) steps.push({ kind: 'removed', a: i++ });
  while (j < m) steps.push({ kind: 'added', b: j++ });
  return steps;
}

/** For long documents: exact blocks aligned, then in each stretch of change the most similar paired. */
function alignByEquality(before: Block[], after: Block[], keysA: string[], keysB: string[]) {
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    let nextAdded = 0;
    for (const a of removed) {
      let found: { at: number; score: number } | null = null;
      for (let at = nextAdded; at < added.length; at++) {
        const score = textSimilarity(before[a]!, after[added[at]!]!);
        if (score >= MIN_SIMILARITY && (!found || score > found.score)) found = { at, score };
      }
      if (!found) {
        steps.push({ kind: 'removed', a });
        continue;
      }
      for (const b of added.slice(nextAdded, found.at)) steps.push({ kind: 'added', b });
      steps.push({ kind: 'match', a, b: added[found.at]! });
      nextAdded = found.at + 1;
    }
    for (const b of added.slice(nextAdded)) steps.push({ kind: 'added', b });
    removed = [];
    added = [];
  };
  for (const step of diffSequences(keysA, keysB)) {
    if (step.kind === 'removed') removed.push(i++);
    else if (step.kind === 'added') added.push(j++);
    else {
      flush();
      steps.push({ kind: 'match', a: i++, b: j++ });
    }
  }
  flush();
  return steps;
}

/**
 * Compares two documents given as blocks: aligned (see `alignBySimilarity`),
 * then a removed block whose exact copy was added elsewhere is a move, and
 * an aligned pair that differs is an edited block.
 */
export function diffBlocks(before: Block[], after: Block[]): BlockDiff[] {
  const keysA = before.map(blockKey);
  const keysB = after.map(blockKey);

  // The equal start and end need no search.
  let start = 0;
  while (start < keysA.length && start < keysB.length && keysA[start] === keysB[start]) start++;
  let endA = keysA.length;
  let endB = keysB.length;
  while (endA > start && endB > start && keysA[endA - 1] === keysB[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = before.slice(start, endA);
  const midB = after.slice(start, endB);
  const align = midA.length * midB.length <= MAX_FUZZY_PAIRS ? alignBySimilarity : alignByEquality;
  const middle = align(midA, midB, keysA.slice(start, endA), keysB.slice(start, endB)).map(
    (step): Step =>
      step.kind === 'match'
        ? { kind: 'match', a: step.a + start, b: step.b + start }
        : step.kind === 'removed'
          ? { kind: 'removed', a: step.a + start }
          : { kind: 'added', b: step.b + start },
  );
  const steps: Step[] = [
    ...Array.from({ length: start }, (_, k): Step => ({ kind: 'match', a: k, b: k })),
    ...middle,
    ...Array.from({ length: keysA.length - endA }, (_, k): Step => ({
      kind: 'match',
      a: endA + k,
      b: endB + k,
    })),
  ];

  // Moves: the same block removed in one place and added in another.
  const addedByKey = new Map<string, number[]>();
  for (const step of steps) {
    if (step.kind !== 'added') continue;
    const list = addedByKey.get(keysB[step.b]!) ?? [];
    list.push(step.b);
    addedByKey.set(keysB[step.b]!, list);
  }
  const movedFrom = new Map<number, number>(); // before index → move number
  const movedTo = new Map<number, number>(); // after index → move number
  for (const step of steps) {
    if (step.kind !== 'removed') continue;
    const target = addedByKey.get(keysA[step.a]!)?.shift();
    if (target === undefined) continue;
    const move = movedFrom.size + 1;
    movedFrom.set(step.a, move);
    movedTo.set(target, move);
  }

  return steps.map((step): BlockDiff => {
    if (step.kind === 'match') {
      const block = after[step.b]!;
      return keysA[step.a] === keysB[step.b]
        ? {
            kind: 'same',
            shape: block.shape,
            marker: block.marker,
            parts: unchanged('same', block),
          }
        : changedBlock(before[step.a]!, block);
    }
    const block = step.kind === 'removed' ? before[step.a]! : after[step.b]!;
    const move = step.kind === 'removed' ? movedFrom.get(step.a) : movedTo.get(step.b);
    if (move !== undefined) {
      return {
        kind: step.kind === 'removed' ? 'movedAway' : 'movedHere',
        move,
        shape: block.shape,
        marker: block.marker,
        parts: unchanged('same', block),
      };
    }
    return {
      kind: step.kind,
      shape: block.shape,
      marker: block.marker,
      parts: unchanged(step.kind, block),
    };
  });
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
