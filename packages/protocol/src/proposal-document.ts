import { z } from 'zod';
import { PROPOSAL_BODY_DEPTH_CEILING } from './limits.js';

export const ProseMirrorMark = z.object({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
});
export type ProseMirrorMark = z.infer<typeof ProseMirrorMark>;

export interface ProseMirrorNode {
  type: string;
  attrs?: Record<string, unknown>;
  marks?: ProseMirrorMark[];
  text?: string;
  content?: ProseMirrorNode[];
}

/**
 * A ProseMirror node. Children are checked one level deep only: a recursive
 * schema would put `$ref`s into the OpenAPI document that it cannot resolve.
 */
export const ProseMirrorNode = z.object({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  marks: z.array(ProseMirrorMark).optional(),
  text: z.string().optional(),
  content: z.array(z.unknown()).optional().describe('Child nodes, each of this same shape'),
});

/** The body as ProseMirror JSON (`{ type: 'doc', content: [...] }`), usable without Yjs. */
export const ProseMirrorDoc = z.object({
  type: z.literal('doc'),
  content: z.array(ProseMirrorNode),
});
export interface ProseMirrorDoc {
  type: 'doc';
  content: ProseMirrorNode[];
}

function inlineText(node: ProseMirrorNode, depth: number): string {
  if (node.text !== undefined) return node.text;
  if (depth >= PROPOSAL_BODY_DEPTH_CEILING) return '';
  return (node.content ?? []).map((child) => inlineText(child, depth + 1)).join('');
}

function prefixed(lines: string[], first: string): string[] {
  const rest = ' '.repeat(first.length);
  return lines.map((line, i) => (i === 0 ? first : rest) + line);
}

/** Recursive, but never deeper than the depth ceiling: what lies below it is left out. */
function blockLines(node: ProseMirrorNode, depth: number): string[] {
  if (depth > PROPOSAL_BODY_DEPTH_CEILING) return [];
  const children = node.content ?? [];
  const inner = (child: ProseMirrorNode) => blockLines(child, depth + 1);
  switch (node.type) {
    case 'blockquote':
      return children.flatMap(inner).map((line) => `> ${line}`);
    case 'bulletList':
      return children.flatMap((item) => prefixed(inner(item), '- '));
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      return children.flatMap((item, i) => prefixed(inner(item), `${start + i}. `));
    }
    case 'listItem':
      return children.flatMap(inner);
    default:
      // paragraph, heading, and anything a later schema adds: its text on one line.
      return [inlineText(node, depth)];
  }
}

/** The body as plain text: one line per paragraph, heading and list item. */
export function bodyPlainText(body: ProseMirrorDoc): string {
  return body.content.flatMap((node) => blockLines(node, 1)).join('\n');
}

/**
 * The plain text of a proposal (what the API, search, e-mails and frozen
 * versions use): title, summary and body, separated by blank lines; empty
 * parts are left out. Versions hash exactly this string (UTF-8, SHA-256).
 */
export function renderProposalText(parts: {
  title: string;
  summary: string;
  body: ProseMirrorDoc;
}): string {
  return [parts.title, parts.summary, bodyPlainText(parts.body)]
    .filter((part) => part.length > 0)
    .join('\n\n');
}
