import { PROPOSAL_TITLE_MAX } from './limits.js';
import { textProblem } from './text-rules.js';

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
 * The server refuses updates that add any other top-level type, node type,
 * mark or attribute (see `nodeAttributeProblem`, `markValueProblem`), or nest
 * nodes deeper than its depth cap, and closes the sender with
 * `collabCloseCodes.schemaViolation`.
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

/** Heading levels the editor offers: the page title is the h1, the text starts at h2. */
export const headingLevels = [2, 3] as const;

/** Where a link may point: web and mail addresses, nothing that runs or embeds. */
export const linkProtocols = ['http:', 'https:', 'mailto:'] as const;

/** Longest link address kept. */
export const LINK_HREF_MAX = 2048;

type ValueRule = (value: unknown) => boolean;

const oneOf =
  (values: readonly unknown[]): ValueRule =>
  (value) =>
    values.includes(value);

const isListStart: ValueRule = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;

/**
 * True when `href` is an absolute http, https or mailto address. Without
 * spaces or control characters (which browsers strip or skip when they read
 * an address), the scheme is exactly what precedes the first colon.
 */
export function isAllowedHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > LINK_HREF_MAX) return false;
  // textProblem refuses the control characters, this the spaces (and tabs) it lets through.
  if (/\s/.test(href) || textProblem(href, 'line') !== null) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1];
  return (
    scheme !== undefined &&
    (linkProtocols as readonly string[]).includes(`${scheme.toLowerCase()}:`)
  );
}

/**
 * The attributes each node type may carry and what each may hold. y-prosemirror
 * stores a node's attrs that are not null, so these are the TipTap attrs of
 * the editor's schema (`client/src/lib/editor/extensions.ts`).
 */
export const bodyNodeAttributes: Readonly<
  Record<BodyNodeType, Readonly<Record<string, ValueRule>>>
> = {
  paragraph: {},
  heading: { level: oneOf(headingLevels) },
  bulletList: {},
  // `type` is what a pasted `<ol type>` said, as TipTap reads it: one short word.
  orderedList: {
    start: isListStart,
    type: (v) => typeof v === 'string' && /^[\w-]{1,16}$/.test(v),
  },
  listItem: {},
  blockquote: {},
};

const nullOr =
  (rule: ValueRule): ValueRule =>
  (value) =>
    value === null || rule(value);

/**
 * The attributes each mark may carry (y-prosemirror stores all of a mark's
 * attrs, nulls included). A link keeps TipTap's `target`, `rel`, `class` and
 * `title`; `class` stays empty so no link can borrow the site's own styles.
 */
export const bodyMarkAttributes: Readonly<
  Record<BodyMarkType, Readonly<Record<string, ValueRule>>>
> = {
  bold: {},
  italic: {},
  link: {
    href: isAllowedHref,
    target: nullOr(oneOf(['_blank'])),
    rel: nullOr((v) => typeof v === 'string' && /^[a-z ]{0,100}$/.test(v)),
    class: (v) => v === null,
    title: nullOr(
      (v) => typeof v === 'string' && v.length <= PROPOSAL_TITLE_MAX && !textProblem(v, 'line'),
    ),
  },
};

const isNodeType = (type: string): type is BodyNodeType => Object.hasOwn(bodyNodeAttributes, type);
const isMarkType = (type: string): type is BodyMarkType => Object.hasOwn(bodyMarkAttributes, type);

/** Why a node of `nodeType` may not have attribute `key` set to `value`, or null. */
export function nodeAttributeProblem(nodeType: string, key: string, value: unknown): string | null {
  if (!isNodeType(nodeType)) return `ukendt elementtype "${clip(nodeType)}"`;
  const rules = bodyNodeAttributes[nodeType];
  if (!Object.hasOwn(rules, key)) return `"${nodeType}" har ingen egenskab "${clip(key)}"`;
  return rules[key]!(value) ? null : `ugyldig værdi for "${key}" på "${nodeType}"`;
}

/**
 * Why formatting text with mark `formattingKey` = `value` is refused, or null.
 * `null` removes the mark; otherwise the value is the mark's attrs, every one
 * of them allowed, and a link's `href` present.
 */
export function markValueProblem(formattingKey: string, value: unknown): string | null {
  const type = markTypeOf(formattingKey);
  if (!isMarkType(type)) return `ukendt formatering "${clip(formattingKey)}"`;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    return `formateringen "${type}" har ugyldige egenskaber`;
  const rules = bodyMarkAttributes[type];
  for (const [key, attr] of Object.entries(value)) {
    if (!Object.hasOwn(rules, key))
      return `formateringen "${type}" har ingen egenskab "${clip(key)}"`;
    if (!rules[key]!(attr)) {
      return key === 'href'
        ? 'et link skal pege på en http-, https- eller mailto-adresse'
        : `ugyldig værdi for "${key}" på "${type}"`;
    }
  }
  if (type === 'link' && !('href' in value))
    return 'et link skal pege på en http-, https- eller mailto-adresse';
  return null;
}

/** Names come from the client: keep them short in messages. */
function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
