import {
  PROPOSAL_BODY_DEPTH_CEILING,
  type ProseMirrorDoc,
  type ProseMirrorMark,
  type ProseMirrorNode,
  type TextKind,
  bodyNodeTypes,
  markTypeOf,
  markValueProblem,
  nodeAttributeProblem,
  textProblem,
} from '@lokalforum/protocol';

/**
 * What of a proposal body may leave the server: the node types, attributes
 * and marks the layout allows, text without control characters, nesting no
 * deeper than the ceiling. Today's checks keep anything else out of new
 * edits; this keeps it out of what documents stored before them render to.
 */

const NODE_TYPES = new Set<string>(bodyNodeTypes);

export function isBodyNodeType(type: string): boolean {
  return NODE_TYPES.has(type);
}

/** The attributes of a node that are allowed, or undefined when none are. */
export function allowedNodeAttrs(
  type: string,
  attrs: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!attrs || typeof attrs !== 'object') return undefined;
  const allowed = Object.entries(attrs).filter(([key, v]) => !nodeAttributeProblem(type, key, v));
  return allowed.length > 0 ? Object.fromEntries(allowed) : undefined;
}

/** A mark as ProseMirror JSON, or null when it is not allowed (a `javascript:` link, say). */
export function allowedMark(formattingKey: string, value: unknown): ProseMirrorMark | null {
  if (value === null || value === undefined || markValueProblem(formattingKey, value)) return null;
  const mark: ProseMirrorMark = { type: markTypeOf(formattingKey) };
  const attrs = value as Record<string, unknown>;
  if (Object.keys(attrs).length > 0) mark.attrs = attrs;
  return mark;
}

/**
 * `value` without the characters `textProblem` refuses (PostgreSQL cannot
 * store NUL at all): control characters dropped, lone surrogates replaced.
 */
export function storableText(value: string, kind: TextKind): string {
  if (textProblem(value, kind) === null) return value;
  let clean = '';
  for (const char of value) {
    if (textProblem(char, kind) === null) clean += char;
    else if (/^[\uD800-\uDFFF]$/.test(char)) clean += '\uFFFD';
  }
  return clean;
}

/** At most `max` UTF-16 units of `value`, never cutting a character in two. */
export function clipText(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, cut);
}

/** Stored body JSON (from before today's rules) as the rules allow it. */
export function cleanBody(body: ProseMirrorDoc): ProseMirrorDoc {
  const content = Array.isArray(body?.content) ? body.content : [];
  return { type: 'doc', content: cleanNodes(content, 1) };
}

function cleanNodes(nodes: unknown[], depth: number): ProseMirrorNode[] {
  if (depth > PROPOSAL_BODY_DEPTH_CEILING) return [];
  return nodes.flatMap((value) => {
    if (!value || typeof value !== 'object') return [];
    const node = value as ProseMirrorNode;
    if (node.type === 'text') {
      const text = typeof node.text === 'string' ? storableText(node.text, 'multiline') : '';
      if (!text) return [];
      const marks = (Array.isArray(node.marks) ? node.marks : []).flatMap((m) => {
        const mark = m && typeof m === 'object' ? allowedMark(m.type, m.attrs ?? {}) : null;
        return mark ? [mark] : [];
      });
      return [marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text }];
    }
    if (typeof node.type !== 'string' || !isBodyNodeType(node.type)) return [];
    const clean: ProseMirrorNode = { type: node.type };
    const attrs = allowedNodeAttrs(node.type, node.attrs);
    if (attrs) clean.attrs = attrs;
    const content = Array.isArray(node.content) ? cleanNodes(node.content, depth + 1) : [];
    if (content.length > 0) clean.content = content;
    return [clean];
  });
}
