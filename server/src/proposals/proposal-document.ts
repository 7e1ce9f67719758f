import {
  type ProseMirrorDoc,
  type ProseMirrorMark,
  type ProseMirrorNode,
  markTypeOf,
  proposalDocumentLayout,
  renderProposalText,
} from '@lokalforum/protocol';
import * as Y from 'yjs';

/** What a proposal's document says, in forms that need no Yjs. */
export interface RenderedProposal {
  title: string;
  summary: string;
  body: ProseMirrorDoc;
  /** Title, summary and body as plain text (see `renderProposalText`). */
  text: string;
}

/** The Yjs state a new proposal starts from: its title and summary, an empty body. */
export function newProposalDocument(title: string, summary: string): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.getText(proposalDocumentLayout.title).insert(0, title);
    doc.getText(proposalDocumentLayout.summary).insert(0, summary);
    doc.getXmlFragment(proposalDocumentLayout.body);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export function renderProposal(doc: Y.Doc): RenderedProposal {
  const title = doc.getText(proposalDocumentLayout.title).toJSON();
  const summary = doc.getText(proposalDocumentLayout.summary).toJSON();
  const body = xmlFragmentToProseMirror(doc.getXmlFragment(proposalDocumentLayout.body));
  return { title, summary, body, text: renderProposalText({ title, summary, body }) };
}

/** Renders a stored state without keeping a document around. */
export function renderProposalState(state: Uint8Array): RenderedProposal {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return renderProposal(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The body as ProseMirror JSON, the way y-prosemirror maps it: an element per
 * node (attributes are the node's attrs), text runs with their formatting
 * attributes as marks. Written here so the server needs no ProseMirror.
 */
export function xmlFragmentToProseMirror(fragment: Y.XmlFragment): ProseMirrorDoc {
  return { type: 'doc', content: childrenOf(fragment) };
}

function childrenOf(parent: Y.XmlFragment): ProseMirrorNode[] {
  return parent.toArray().flatMap((child) => {
    if (child instanceof Y.XmlElement) return [elementToNode(child)];
    if (child instanceof Y.XmlText) return textRuns(child);
    return [];
  });
}

function elementToNode(element: Y.XmlElement): ProseMirrorNode {
  const node: ProseMirrorNode = { type: element.nodeName };
  const attrs = element.getAttributes() as Record<string, unknown>;
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = childrenOf(element);
  if (content.length > 0) node.content = content;
  return node;
}

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function textRuns(text: Y.XmlText): ProseMirrorNode[] {
  return (text.toDelta() as DeltaOp[]).flatMap((op) => {
    if (typeof op.insert !== 'string' || op.insert.length === 0) return [];
    const node: ProseMirrorNode = { type: 'text', text: op.insert };
    const marks = Object.entries(op.attributes ?? {}).map(([key, value]) => toMark(key, value));
    if (marks.length > 0) node.marks = marks;
    return [node];
  });
}

function toMark(key: string, value: unknown): ProseMirrorMark {
  const mark: ProseMirrorMark = { type: markTypeOf(key) };
  if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    mark.attrs = value as Record<string, unknown>;
  }
  return mark;
}
