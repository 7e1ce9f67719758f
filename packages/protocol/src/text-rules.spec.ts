import { describe, expect, it } from 'vitest';
import { textProblem } from './text-rules.js';

describe('textProblem', () => {
  it('accepts ordinary Danish text, emoji and tabs', () => {
    expect(textProblem('Æbleø på Tuse Næs 🍎\tkl. 10', 'line')).toBeNull();
    expect(textProblem('Første linje\r\nanden linje', 'multiline')).toBeNull();
  });

  it('refuses NUL, other controls, DEL and C1 controls', () => {
    for (const bad of ['a\u0000b', 'a\u0007', '\u007f', '\u0085', '\u001b[31m']) {
      expect(textProblem(bad, 'multiline'), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it('refuses line breaks on one line only', () => {
    expect(textProblem('to\nlinjer', 'line')).not.toBeNull();
    expect(textProblem('to\nlinjer', 'multiline')).toBeNull();
  });

  it('refuses bidi overrides and isolates', () => {
    expect(textProblem('Anne \u202Egninnur', 'line')).not.toBeNull();
    expect(textProblem('\u2067x\u2069', 'multiline')).not.toBeNull();
  });

  it('refuses lone surrogates, high or low, at the end or inside', () => {
    for (const bad of ['a\ud800', '\udc00a', 'a\ud800b', '\udbff\udbff']) {
      expect(textProblem(bad, 'line'), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it('refuses invisible characters in names only', () => {
    expect(textProblem('Anne\u200bBorgersen', 'name')).not.toBeNull();
    expect(textProblem('Anne\u200bBorgersen', 'line')).toBeNull();
  });
});
