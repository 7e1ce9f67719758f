import {
  PROPOSAL_BODY_DEPTH_CEILING,
  PROPOSAL_SUMMARY_MAX,
  PROPOSAL_TITLE_MAX,
  type ProseMirrorDoc,
  type ProseMirrorNode,
  type TextKind,
  proposalDocumentLayout,
  renderProposalText,
} from '@lokalforum/protocol';
import * as Y from 'yjs';
import {
  allowedMark,
  allowedNodeAttrs,
  clipText,
  isBodyNodeType,
  storableText,
} from './proposal-body';

/** What a proposal's document says, in forms that need no Yjs. */
export interface RenderedProposal {
  title: string;
  summary: string;
  body: ProseMirrorDoc;
  /** Title, summary and body as plain text (see `renderProposalText`). */
  text: string;
}

/**
 * The Yjs state a new proposal starts from: its title and summary, and a body
 * of plain paragraphs (empty for a proposal a member starts; the demo data
 * starts some with text).
 */
export function newProposalDocument(
  title: string,
  summary: string,
  paragraphs: readonly string[] = [],
): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.getText(proposalDocumentLayout.title).insert(0, title);
    doc.getText(proposalDocumentLayout.summary).insert(0, summary);
    const body = doc.getXmlFragment(proposalDocumentLayout.body);
    body.insert(
      0,
      paragraphs.map((text) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * What the document says, as far as the rules allow it to be shown: body
 * nodes to the depth ceiling, allowed attributes and marks, text without
 * control characters, title and summary within their limits. Documents
 * stored before the rules existed may hold more; it is left out here.
 */
export function renderProposal(doc: Y.Doc): RenderedProposal {
  const title = clipText(plainText(doc, proposalDocumentLayout.title, 'line'), PROPOSAL_TITLE_MAX);
  const summary = clipText(
    plainText(doc, proposalDocumentLayout.summary, 'multiline'),
    PROPOSAL_SUMMARY_MAX,
  );
  const body = xmlFragmentToProseMirror(doc.getXmlFragment(proposalDocumentLayout.body));
  return { title, summary, body, text: renderProposalText({ title, summary, body }) };
}

function plainText(doc: Y.Doc, name: string, kind: TextKind): string {
  return storableText(doc.getText(name).toJSON(), kind);
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
 * Recursive, but never past the depth ceiling.
 */
export function xmlFragmentToProseMirror(fragment: Y.XmlFragment): ProseMirrorDoc {
  return { type: 'doc', content: childrenOf(fragment, 1) };
}

function childrenOf(parent: Y.XmlFragment, depth: number): ProseMirrorNode[] {
  if (depth > PROPOSAL_BODY_DEPTH_CEILING) return [];
  return parent.toArray().flatMap((child) => {
    if (child instanceof Y.XmlElement)
      return isBodyNodeType(child.nodeName) ? [elementToNode(child, depth)] : [];
    if (child instanceof Y.XmlText) return textRuns(child);
    return [];
  });
}

function elementToNode(element: Y.XmlElement, depth: number): ProseMirrorNode {
  const node: ProseMirrorNode = { type: element.nodeName };
  const attrs = allowedNodeAttrs(element.nodeName, element.getAttributes());
  if (attrs) node.attrs = attrs;
  const content = childrenOf(element, depth + 1);
  if (content.length > 0) node.content = content;
  return node;
}

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function textRuns(text: Y.XmlText): ProseMirrorNode[] {
  return (text.toDelta() as DeltaOp[]).flatMap((op) => {
    if (typeof op.insert !== 'string') return [];
    const node: ProseMirrorNode = { type: 'text', text: storableText(op.insert, 'multiline') };
    if (node.text === '') return [];
    const marks = Object.entries(op.attributes ?? {}).flatMap(([key, value]) => {
      const mark = allowedMark(key, value);
      return mark ? [mark] : [];
    });
    if (marks.length > 0) node.marks = marks;
    return [node];
  });
}
