/**
 * Layout of a proposal's Yjs document, shared by every client that edits it:
 *
 * - `title`   Y.Text, plain text (no formatting attributes, no embeds)
 * - `summary` Y.Text, plain text
 * - `body`    Y.XmlFragment in TipTap's schema as y-prosemirror stores it: one
 *             Y.XmlElement per node (nodeName = node type, attributes = node
 *             attrs), Y.XmlText for text with marks as formatting attributes
 *             (`{ bold: {} }`, `{ link: { href } }`)
 *
 * The server refuses updates that add any other top-level type, node type or
 * mark, and closes the sender with `collabCloseCodes.schemaViolation`.
 */
export const proposalDocumentLayout = {
  title: 'title',
  summary: 'summary',
  body: 'body',
} as const;

/** Node types the body may hold (TipTap names). Text is Y.XmlText, not an element. */
export const bodyNodeTypes = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
] as const;
export type BodyNodeType = (typeof bodyNodeTypes)[number];

/** Marks text in the body may carry (TipTap names). */
export const bodyMarkTypes = ['bold', 'italic', 'link'] as const;
export type BodyMarkType = (typeof bodyMarkTypes)[number];

/**
 * y-prosemirror stores a mark that may overlap itself as `<name>--<hash>`;
 * both spellings name the same mark.
 */
export function markTypeOf(formattingKey: string): string {
  const cut = formattingKey.indexOf('--');
  return cut === -1 ? formattingKey : formattingKey.slice(0, cut);
}
