import { describe, expect, it } from 'vitest';
import { diffLines, diffSequences, diffStats, diffWords, tokens } from './text-diff';

/** Puts a diff back together as the old or the new text. */
function side(lines: ReturnType<typeof diffLines>, which: 'before' | 'after'): string {
  const drop = which === 'before' ? 'added' : 'removed';
  return lines
    .flatMap((line) => {
      if (line.kind === 'changed') {
        return [
          line.parts
            .filter((p) => p.kind !== drop)
            .map((p) => p.text)
            .join(''),
        ];
      }
      return line.kind === drop ? [] : [line.text];
    })
    .join('\n');
}

describe('diffSequences', () => {
  it('finds the longest common subsequence', () => {
    const steps = diffSequences([...'ABCBDAB'], [...'BDCABA']);
    expect(steps.filter((s) => s.kind === 'same').length).toBe(4);
    expect(
      steps
        .filter((s) => s.kind !== 'added')
        .map((s) => s.item)
        .join(''),
    ).toBe('ABCBDAB');
    expect(
      steps
        .filter((s) => s.kind !== 'removed')
        .map((s) => s.item)
        .join(''),
    ).toBe('BDCABA');
  });

  it('handles empty sides', () => {
    expect(diffSequences([], ['a'])).toEqual([{ kind: 'added', item: 'a' }]);
    expect(diffSequences(['a'], [])).toEqual([{ kind: 'removed', item: 'a' }]);
    expect(diffSequences([], [])).toEqual([]);
  });
});

describe('tokens', () => {
  it('splits words, spaces and punctuation, Danish letters included', () => {
    expect(tokens('Bedre stier, også på Ørslev-vej!')).toEqual([
      'Bedre',
      ' ',
      'stier',
      ',',
      ' ',
      'også',
      ' ',
      'på',
      ' ',
      'Ørslev',
      '-',
      'vej',
      '!',
    ]);
  });
});

describe('diffWords', () => {
  it('marks an inserted word', () => {
    expect(diffWords('en ny legeplads', 'en stor ny legeplads')).toEqual([
      { kind: 'same', text: 'en ' },
      { kind: 'added', text: 'stor ' },
      { kind: 'same', text: 'ny legeplads' },
    ]);
  });

  it('joins neighbouring replacements into one, removed before added', () => {
    expect(diffWords('vi vil have bænke her', 'vi ønsker flere træer her')).toEqual([
      { kind: 'same', text: 'vi ' },
      { kind: 'removed', text: 'vil have bænke' },
      { kind: 'added', text: 'ønsker flere træer' },
      { kind: 'same', text: ' her' },
    ]);
  });
});

describe('diffLines', () => {
  it('keeps equal texts equal', () => {
    const lines = diffLines('a\nb', 'a\nb');
    expect(lines).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'same', text: 'b' },
    ]);
    expect(diffStats(lines)).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('shows added and removed lines, and words inside an edited line', () => {
    const before = 'Titel\n\nVi vil have en ny legeplads.\nGammel linje';
    const after = 'Titel\n\nVi vil have en stor ny legeplads.\nHelt andet indhold her\nEkstra';
    const lines = diffLines(before, after);
    expect(lines[2]).toEqual({
      kind: 'changed',
      parts: [
        { kind: 'same', text: 'Vi vil have en ' },
        { kind: 'added', text: 'stor ' },
        { kind: 'same', text: 'ny legeplads.' },
      ],
    });
    // A line rewritten from scratch is not shown as an edit.
    expect(lines.slice(3)).toEqual([
      { kind: 'removed', text: 'Gammel linje' },
      { kind: 'added', text: 'Helt andet indhold her' },
      { kind: 'added', text: 'Ekstra' },
    ]);
    expect(diffStats(lines)).toEqual({ added: 2, removed: 1, changed: 1 });
  });

  it('finds an edited line among added ones', () => {
    const lines = diffLines(
      'Titel\n\nFørste afsnit om stien.',
      'Titel\n\nResumé\n\nFørste afsnit om stien her.',
    );
    expect(lines.slice(2)).toEqual([
      { kind: 'added', text: 'Resumé' },
      { kind: 'added', text: '' },
      {
        kind: 'changed',
        parts: [
          { kind: 'same', text: 'Første afsnit om stien' },
          { kind: 'added', text: ' her' },
          { kind: 'same', text: '.' },
        ],
      },
    ]);
  });

  it('can always rebuild both texts from the diff', () => {
    const cases: [string, string][] = [
      ['', 'ny tekst'],
      ['gammel tekst', ''],
      ['a\nb\nc\nd', 'b\nx\nd\ne'],
      ['En sætning, med komma.\n- punkt\n- punkt to', 'En sætning med komma!\n- punkt to\n- punkt'],
    ];
    for (const [before, after] of cases) {
      const lines = diffLines(before, after);
      expect(side(lines, 'before')).toBe(before);
      expect(side(lines, 'after')).toBe(after);
    }
  });

  it('stays fast on long texts that differ throughout', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `linje ${i}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `række ${i * 7}`).join('\n');
    const started = performance.now();
    const lines = diffLines(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(side(lines, 'before')).toBe(before);
    expect(side(lines, 'after')).toBe(after);
  });
});
