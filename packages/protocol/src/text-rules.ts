/**
 * Characters no text a person writes may contain, wherever it arrives (REST
 * body, socket payload or Yjs document): they are invisible or change how the
 * text around them is shown, so they let one person pose as another or break
 * storage (PostgreSQL refuses NUL) and rendering.
 *
 * - C0 control characters (U+0000–U+001F) apart from tab, line feed and, in
 *   multi-line text, carriage return (browsers send form text with CRLF);
 *   DEL and the C1 controls (U+007F–U+009F)
 * - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
 * - lone surrogates (half of a UTF-16 pair: not a character at all)
 *
 * Zod-free, so browser code can show the same rule before sending.
 */

const SINGLE_LINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const MULTI_LINE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Invisible characters that let a name look like another (zero-width space, joiners, BOM, word joiner). */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]/u;

export type TextKind = 'line' | 'multiline' | 'name';

/**
 * Why `value` may not be stored as text of this kind, or null. `line`: a title
 * or a single-line field (tab allowed, no line breaks); `multiline`: a body or
 * a description; `name`: a person's name or whom they represent (as `line`,
 * and no invisible characters).
 */
export function textProblem(value: string, kind: TextKind): string | null {
  if (LONE_SURROGATE.test(value)) return 'Teksten indeholder et ugyldigt tegn (en halv surrogat)';
  // Checked after the surrogates: a /u pattern cannot see them.
  const controls = kind === 'multiline' ? MULTI_LINE : SINGLE_LINE;
  if (controls.test(value)) return 'Teksten indeholder kontroltegn eller skjulte retningstegn';
  if (kind === 'name' && INVISIBLE.test(value)) return 'Navnet indeholder usynlige tegn';
  return null;
}
