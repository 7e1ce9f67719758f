import {
  PROPOSAL_SUMMARY_MAX,
  PROPOSAL_TITLE_MAX,
  type TextKind,
  bodyNodeTypes,
  markValueProblem,
  nodeAttributeProblem,
  proposalDocumentLayout as layout,
  textProblem,
} from '@lokalforum/protocol';
import * as Y from 'yjs';
import type { IncomingUpdate, TypedText } from '../collab/incoming-update';
import { type Placement, Placements } from './update-placements';

const NODE_TYPES = new Set<string>(bodyNodeTypes);

/** The plain-text top-level types, with their kind of text and length limit. */
const PLAIN_TEXTS: Record<string, { kind: TextKind; max: number; name: string }> = {
  [layout.title]: { kind: 'line', max: PROPOSAL_TITLE_MAX, name: 'Titlen' },
  [layout.summary]: { kind: 'multiline', max: PROPOSAL_SUMMARY_MAX, name: 'Resuméet' },
};

export interface ProposalUpdateLimits {
  /** How deep body nodes may nest (COLLAB_MAX_DEPTH). */
  maxDepth: number;
}

/**
 * Checks a complete update (see `IncomingUpdate.isComplete`) against the
 * proposal document layout before it is applied (Yjs cannot take an applied
 * update back): only `title` and `summary` (plain Y.Text within their length
 * limits) and `body` (a Y.XmlFragment of TipTap nodes no deeper than
 * `maxDepth`, with the attributes and marks the protocol allows); no control
 * characters or lone surrogates in any text. Returns why the update is
 * refused (Danish, for the close reason), or null.
 */
export function checkProposalUpdate(
  update: IncomingUpdate,
  limits: ProposalUpdateLimits,
): string | null {
  const typed = update.newTypedText();
  if (typed) {
    const problem = checkTypedText(update, typed);
    if (problem !== undefined) return problem;
  }
  const placements = new Placements(update);
  const inserted = new Map<string, number>();
  for (const item of update.newItems()) {
    const placement = placements.of(item);
    const problem =
      checkContent(item.content) ??
      checkPlacement(item, placement) ??
      checkDepth(item, placements, limits.maxDepth);
    if (problem) return problem;
    const root = placement.parent.kind === 'root' ? placement.parent.name : null;
    if (root && item.content instanceof Y.ContentString) {
      const added = item.length - update.knownLength(item) - deletedWithin(update, item);
      inserted.set(root, (inserted.get(root) ?? 0) + added);
    }
  }
  for (const [root, added] of inserted) {
    const rule = PLAIN_TEXTS[root]!;
    if (added <= 0) continue;
    const current = update.doc.share.get(root)?._length ?? 0;
    const length = current + added - deletedFrom(update, root);
    if (length > rule.max) return `${rule.name} må højst være ${rule.max} tegn`;
  }
  return null;
}

/**
 * A keystroke in the body's text, checked as the general path below would
 * (its parent is its left neighbour's, so an XmlText inside an element: any
 * characters but control ones). Undefined for typing anywhere else — the
 * title and summary have length limits — which goes the general way.
 */
function checkTypedText(update: IncomingUpdate, typed: TypedText): string | null | undefined {
  const left = update.findInDoc(typed.origin);
  if (!(left instanceof Y.Item) || left.parentSub !== null) return undefined;
  const parent = left.parent;
  if (!(parent instanceof Y.XmlText) || parent._item === null) return undefined;
  return textProblem(typed.text, 'multiline');
}

function checkContent(content: Y.Item['content']): string | null {
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlElement) {
      return NODE_TYPES.has(type.nodeName) ? null : `ukendt elementtype "${clip(type.nodeName)}"`;
    }
    return type instanceof Y.XmlText ? null : 'kun elementer og tekst kan ligge i hinanden';
  }
  if (content instanceof Y.ContentFormat) return markValueProblem(content.key, content.value);
  if (content instanceof Y.ContentString) return textProblem(content.str, 'multiline');
  if (content instanceof Y.ContentAny || content instanceof Y.ContentDeleted) return null;
  return 'indlejrede objekter, binært indhold og underdokumenter hører ikke til et forslag';
}

function checkPlacement(item: Y.Item, { parent, parentSub }: Placement): string | null {
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  switch (parent.kind) {
    case 'gc':
      return null;
    case 'unknown':
      return 'opdateringen bygger på indhold, som serveren ikke har';
    case 'other':
      return 'indhold i en type, dokumentet ikke har';
    case 'root': {
      const plain = PLAIN_TEXTS[parent.name];
      if (plain) {
        if (parentSub !== null || !(content instanceof Y.ContentString)) {
          return `"${parent.name}" er ren tekst`;
        }
        return textProblem(content.str, plain.kind);
      }
      if (parent.name === layout.body) {
        return parentSub === null && content instanceof Y.ContentType
          ? null
          : '"body" indeholder kun elementer';
      }
      return `ukendt type på øverste niveau "${clip(parent.name)}"`;
    }
    case 'element':
      if (parentSub !== null) {
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
          return 'egenskaber på elementer er enkle værdier';
        }
        return nodeAttributeProblem(parent.name, parentSub, content.arr[0]);
      }
      return content instanceof Y.ContentType
        ? null
        : 'elementer indeholder kun elementer og tekst';
    case 'xmlText':
      return parentSub === null &&
        (content instanceof Y.ContentString || content instanceof Y.ContentFormat)
        ? null
        : 'tekst indeholder kun tegn og formatering';
  }
}

function checkDepth(item: Y.Item, placements: Placements, maxDepth: number): string | null {
  if (!(item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement)) {
    return null;
  }
  return placements.depthOf(item, maxDepth) > maxDepth
    ? `elementer må højst ligge ${maxDepth} niveauer i hinanden`
    : null;
}

/** Characters of a new item that the same update deletes again. */
function deletedWithin(update: IncomingUpdate, item: Y.Item): number {
  const start = item.id.clock + update.knownLength(item);
  return update.deletedBetween(item.id.client, start, item.id.clock + item.length);
}

/**
 * Characters of the document's `root` text that the update deletes. The
 * ranges are sorted and apart (see IncomingUpdate), so each of the
 * document's structs is looked at once at most.
 */
function deletedFrom(update: IncomingUpdate, root: string): number {
  const text = update.doc.share.get(root);
  let deleted = 0;
  for (const [client, ranges] of update.deleteSet.clients) {
    const structs = update.doc.store.clients.get(client);
    if (!structs) continue;
    const state = Y.getState(update.doc.store, client);
    for (const range of ranges) {
      const end = Math.min(range.clock + range.len, state);
      if (range.clock >= end) continue;
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (
          struct instanceof Y.Item &&
          struct.parent === text &&
          !struct.deleted &&
          struct.countable
        ) {
          deleted += overlap(range.clock, end, struct.id.clock, struct.id.clock + struct.length);
        }
      }
    }
  }
  return deleted;
}

function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/** Names come from the client: keep them short in messages. */
function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
