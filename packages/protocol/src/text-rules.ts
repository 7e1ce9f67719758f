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

/** Invisible characters that let a name look like another (soft hyphen, zero-width ones, fillers, BOM). */
const INVISIBLE = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e,
  0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xfeff, 0xffa0,
]);

export type TextKind = 'line' | 'multiline' | 'name';

function isControl(code: number, kind: TextKind): boolean {
  if (code === 0x09) return false;
  if (code === 0x0a || code === 0x0d) return kind !== 'multiline';
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/**
 * Why `value` may not be stored as text of this kind, or null. `line`: a title
 * or a single-line field (tab allowed, no line breaks); `multiline`: a body or
 * a description; `name`: a person's name or whom they represent (as `line`,
 * and no invisible characters).
 */
export function textProblem(value: string, kind: TextKind): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      // A high surrogate followed by a low one is one character; anything else is half of one.
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        return 'Teksten indeholder et ugyldigt tegn (en halv surrogat)';
      }
      i++;
    } else if (isControl(code, kind) || isBidiControl(code)) {
      return 'Teksten indeholder kontroltegn eller skjulte retningstegn';
    } else if (kind === 'name' && INVISIBLE.has(code)) {
      return 'Navnet indeholder usynlige tegn';
    }
  }
  return null;
}
