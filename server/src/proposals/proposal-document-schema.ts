import {
  bodyMarkTypes,
  bodyNodeTypes,
  markTypeOf,
  proposalDocumentLayout,
} from '@lokalforum/protocol';
import * as Y from 'yjs';

const NODE_TYPES = new Set<string>(bodyNodeTypes);
const MARK_TYPES = new Set<string>(bodyMarkTypes);
const PLAIN_TEXTS = new Set<string>([proposalDocumentLayout.title, proposalDocumentLayout.summary]);

/** Where an item of an update goes, as far as it can be known before applying it. */
type Parent =
  | { kind: 'root'; name: string }
  | { kind: 'element'; name: string }
  | { kind: 'xmlText' }
  | { kind: 'other' }
  /** Its neighbours are neither in the update nor in the document yet (Yjs keeps it pending). */
  | { kind: 'unknown' };

interface Placement {
  parent: Parent;
  /** Set for map entries (element attributes); null for list content. */
  parentSub: string | null;
}

const UNKNOWN: Placement = { parent: { kind: 'unknown' }, parentSub: null };

/**
 * Checks a Yjs update against the proposal document layout before it is
 * applied (Yjs cannot take an applied update back): only the top-level types
 * `title`, `summary` (plain Y.Text) and `body` (Y.XmlFragment of TipTap nodes
 * with bold/italic/link marks). Returns why the update is refused, or null.
 * Throws when the update cannot be decoded at all.
 *
 * An item names its parent only when it has no neighbours; otherwise it takes
 * its neighbour's parent, so neighbours are looked up in the update and then
 * in the document. What does not depend on the parent (node names, marks,
 * content kinds) is checked for every item.
 */
export function checkProposalUpdate(doc: Y.Doc, update: Uint8Array): string | null {
  const { structs } = Y.decodeUpdate(update);
  const placements = new Placements(doc, structs);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const problem =
      checkContent(struct.content) ?? checkPlacement(struct.content, placements.of(struct));
    if (problem) return problem;
  }
  return null;
}

function checkContent(content: Y.Item['content']): string | null {
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlElement) {
      return NODE_TYPES.has(type.nodeName) ? null : `unknown node type "${clip(type.nodeName)}"`;
    }
    return type instanceof Y.XmlText ? null : 'only XML elements and text may be nested';
  }
  if (content instanceof Y.ContentFormat) {
    return MARK_TYPES.has(markTypeOf(content.key)) ? null : `unknown mark "${clip(content.key)}"`;
  }
  if (
    content instanceof Y.ContentString ||
    content instanceof Y.ContentAny ||
    content instanceof Y.ContentDeleted
  ) {
    return null;
  }
  return 'embeds, binary content and sub-documents are not part of a proposal';
}

function checkPlacement(content: Y.Item['content'], { parent, parentSub }: Placement) {
  if (content instanceof Y.ContentDeleted) return null;
  switch (parent.kind) {
    case 'unknown':
      return null;
    case 'other':
      return 'content inside a type the layout does not have';
    case 'root':
      if (PLAIN_TEXTS.has(parent.name)) {
        return parentSub === null && content instanceof Y.ContentString
          ? null
          : `"${parent.name}" holds plain text only`;
      }
      if (parent.name === proposalDocumentLayout.body) {
        return parentSub === null && content instanceof Y.ContentType
          ? null
          : '"body" holds nodes only';
      }
      return `unknown top-level type "${clip(parent.name)}"`;
    case 'element':
      if (parentSub !== null) {
        return content instanceof Y.ContentAny ? null : 'node attributes are plain values';
      }
      return content instanceof Y.ContentType ? null : 'nodes hold nodes and text only';
    case 'xmlText':
      return parentSub === null &&
        (content instanceof Y.ContentString || content instanceof Y.ContentFormat)
        ? null
        : 'text holds characters and marks only';
  }
}

/** Finds each item's parent through its neighbours, in the update or in the document. */
class Placements {
  private readonly byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  private readonly known = new Map<Y.Item, Placement>();

  constructor(
    private readonly doc: Y.Doc,
    structs: (Y.Item | Y.GC | Y.Skip)[],
  ) {
    // decodeUpdate yields each client's structs in clock order.
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
  }

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
        found = { parent: { kind: 'other' }, parentSub: null };
        break;
      }
      seen.add(current);
      chain.push(current);
      const parent = current.parent as Y.AbstractType<unknown> | Y.ID | string | null;
      if (parent !== null) {
        found = { parent: this.describeParent(parent), parentSub: current.parentSub };
        break;
      }
      const neighbour = current.origin ?? current.rightOrigin;
      const inUpdate = neighbour && this.findInUpdate(neighbour);
      if (inUpdate instanceof Y.Item) {
        current = inUpdate;
        continue;
      }
      found = neighbour && !inUpdate ? this.placementInDoc(neighbour) : UNKNOWN;
      break;
    }
    for (const link of chain) this.known.set(link, found);
    return found;
  }

  private describeParent(parent: Y.AbstractType<unknown> | Y.ID | string): Parent {
    if (typeof parent === 'string') return { kind: 'root', name: parent };
    if (parent instanceof Y.AbstractType) return describeIntegrated(parent);
    const owner = this.findInUpdate(parent) ?? this.findInDoc(parent);
    if (!(owner instanceof Y.Item)) return { kind: 'unknown' };
    return owner.content instanceof Y.ContentType
      ? describeNested(owner.content.type)
      : { kind: 'other' };
  }

  private placementInDoc(id: Y.ID): Placement {
    const item = this.findInDoc(id);
    if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) return UNKNOWN;
    return { parent: describeIntegrated(item.parent), parentSub: item.parentSub };
  }

  private findInUpdate(id: Y.ID): Y.Item | Y.GC | Y.Skip | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return null;
  }

  private findInDoc(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    return Y.getItem(this.doc.store, id);
  }
}

/** A type in the document: top-level types have no item of their own. */
function describeIntegrated(type: Y.AbstractType<unknown>): Parent {
  if (type._item === null) return { kind: 'root', name: Y.findRootTypeKey(type) };
  return describeNested(type);
}

function describeNested(type: Y.AbstractType<unknown>): Parent {
  if (type instanceof Y.XmlElement) return { kind: 'element', name: type.nodeName };
  if (type instanceof Y.XmlText) return { kind: 'xmlText' };
  return { kind: 'other' };
}

/** Names come from the client: keep them short in messages. */
function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
