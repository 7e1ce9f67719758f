import * as Y from 'yjs';
import type { IncomingUpdate } from '../collab/incoming-update';

/** Where an item of an update goes, as far as it can be known before applying it. */
export type Parent =
  | { kind: 'root'; name: string }
  /** `item` when the element arrives in the same update, `type` when the document has it. */
  | { kind: 'element'; name: string; item: Y.Item | null; type: Y.XmlElement | null }
  | { kind: 'xmlText' }
  | { kind: 'other' }
  /** A neighbour or parent was garbage collected: Yjs stores the item as deleted, without content. */
  | { kind: 'gc' }
  /** Nothing known: the update was not complete (the caller refuses it). */
  | { kind: 'unknown' };

export interface Placement {
  parent: Parent;
  /** Set for map entries (element attributes); null for list content. */
  parentSub: string | null;
}

const UNKNOWN: Placement = { parent: { kind: 'unknown' }, parentSub: null };
const GC: Placement = { parent: { kind: 'gc' }, parentSub: null };

/**
 * Finds each item's parent as Yjs will: an item names its parent only when it
 * has no neighbours, otherwise it takes its left (or right) neighbour's, so
 * neighbours are looked up in the update and then in the document. Also
 * measures how deep elements nest.
 */
export class Placements {
  private readonly known = new Map<Y.Item, Placement>();
  private readonly depths = new Map<Y.Item, number>();

  constructor(private readonly update: IncomingUpdate) {}

  of(item: Y.Item): Placement {
    // Iterative: a long run of typed characters is a long chain of neighbours.
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let current = item;
    let found: Placement;
    for (;;) {
      const known = this.known.get(current);
      if (known) {
        found = known;
        break;
      }
      if (seen.has(current)) {
        found = UNKNOWN;
        break;
      }
      seen.add(current);
      chain.push(current);
      const neighbour = current.origin ?? current.rightOrigin;
      if (neighbour) {
        // Yjs encodes a parent only for items without neighbours: the neighbour's is theirs.
        const inUpdate = this.update.findInUpdate(neighbour);
        if (inUpdate instanceof Y.Item) {
          current = inUpdate;
          continue;
        }
        found = inUpdate ? GC : this.placementInDoc(neighbour);
        break;
      }
      const parent = current.parent as Y.AbstractType<unknown> | Y.ID | string | null;
      found =
        parent === null
          ? UNKNOWN
          : { parent: this.describeParent(parent), parentSub: current.parentSub };
      break;
    }
    for (const link of chain) this.known.set(link, found);
    return found;
  }

  /**
   * How many elements deep a new element nests (a top-level node is 1).
   * Counting stops past `limit`, so a deep document costs no more than a shallow one.
   */
  depthOf(element: Y.Item, limit: number): number {
    const chain: Y.Item[] = [];
    let current: Y.Item | null = element;
    let base = 0;
    while (current) {
      const memo = this.depths.get(current);
      if (memo !== undefined) {
        base = memo;
        break;
      }
      chain.push(current);
      if (chain.length > limit) break;
      const parent: Parent = this.of(current).parent;
      current = parent.kind === 'element' ? parent.item : null;
      if (parent.kind === 'element' && parent.type) base = integratedDepth(parent.type, limit);
    }
    for (let i = chain.length - 1; i >= 0; i--) this.depths.set(chain[i]!, base + chain.length - i);
    return base + chain.length;
  }

  private describeParent(parent: Y.AbstractType<unknown> | Y.ID | string): Parent {
    if (typeof parent === 'string') return { kind: 'root', name: parent };
    if (parent instanceof Y.AbstractType) return describeIntegrated(parent);
    const inUpdate = this.update.findInUpdate(parent);
    if (inUpdate instanceof Y.Item) {
      if (!(inUpdate.content instanceof Y.ContentType)) return { kind: 'gc' };
      return describeNested(inUpdate.content.type, inUpdate);
    }
    const inDoc = inUpdate ? null : this.update.findInDoc(parent);
    if (!(inDoc instanceof Y.Item)) return { kind: inUpdate || inDoc ? 'gc' : 'unknown' };
    return inDoc.content instanceof Y.ContentType
      ? describeNested(inDoc.content.type, null)
      : { kind: 'gc' };
  }

  private placementInDoc(id: Y.ID): Placement {
    const item = this.update.findInDoc(id);
    if (!item) return UNKNOWN;
    if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) return GC;
    return { parent: describeIntegrated(item.parent), parentSub: item.parentSub };
  }
}

/** A type in the document: top-level types have no item of their own. */
function describeIntegrated(type: Y.AbstractType<unknown>): Parent {
  if (type._item === null) return { kind: 'root', name: Y.findRootTypeKey(type) };
  return describeNested(type, null);
}

function describeNested(type: Y.AbstractType<unknown>, item: Y.Item | null): Parent {
  if (type instanceof Y.XmlElement) {
    return { kind: 'element', name: type.nodeName, item, type: item ? null : type };
  }
  if (type instanceof Y.XmlText) return { kind: 'xmlText' };
  return { kind: 'other' };
}

/** Elements from `element` up to the top, counted up to just past `limit`. */
function integratedDepth(element: Y.XmlElement, limit: number): number {
  let depth = 0;
  let type: Y.AbstractType<unknown> | null = element as unknown as Y.AbstractType<unknown>;
  while (type?._item && depth <= limit) {
    if (type instanceof Y.XmlElement) depth++;
    const parent: unknown = type._item.parent;
    type = parent instanceof Y.AbstractType ? parent : null;
  }
  return depth;
}
