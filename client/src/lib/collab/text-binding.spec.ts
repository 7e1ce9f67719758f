import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mapIndex, type TextDelta, textEdit } from './text-binding';

function apply(before: string, edit: ReturnType<typeof textEdit>): string {
  if (!edit) return before;
  return before.slice(0, edit.index) + edit.insert + before.slice(edit.index + edit.remove);
}

describe('textEdit', () => {
  it('finds a typed character, a deletion and a replaced selection', () => {
    expect(textEdit('Ny sti', 'Ny stie')).toEqual({ index: 6, remove: 0, insert: 'e' });
    expect(textEdit('Ny stie', 'Ny sti')).toEqual({ index: 6, remove: 1, insert: '' });
    expect(textEdit('Ny sti i byen', 'Ny cykelsti i byen', 10)).toEqual({
      index: 3,
      remove: 0,
      insert: 'cykel',
    });
    expect(textEdit('En gammel bro', 'En ny bro', 5)).toEqual({
      index: 3,
      remove: 6,
      insert: 'ny',
    });
    expect(textEdit('samme', 'samme')).toBeNull();
  });

  it('puts a repeated character where the caret says it was typed', () => {
    expect(textEdit('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(textEdit('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('always rebuilds the new text', () => {
    const cases: [string, string, number][] = [
      ['', 'abc', 3],
      ['abc', '', 0],
      ['abcabc', 'abc', 0],
      ['abc', 'abcabc', 6],
      ['hello world', 'hello brave new world', 16],
      ['æøå', 'æøåæ', 1],
    ];
    for (const [before, after, caret] of cases) {
      expect(apply(before, textEdit(before, after, caret))).toBe(after);
    }
  });
});

describe('mapIndex', () => {
  it('moves a caret after text inserted or deleted before it', () => {
    const inserted: TextDelta = [{ retain: 2 }, { insert: 'xyz' }];
    expect(mapIndex(5, inserted)).toBe(8);
    expect(mapIndex(1, inserted)).toBe(1);
    const deleted: TextDelta = [{ retain: 1 }, { delete: 3 }];
    expect(mapIndex(6, deleted)).toBe(3);
    expect(mapIndex(2, deleted)).toBe(1);
    expect(mapIndex(0, deleted)).toBe(0);
  });

  it('leaves the caret before text someone inserts exactly there', () => {
    expect(mapIndex(2, [{ retain: 2 }, { insert: 'ab' }])).toBe(2);
  });

  it('follows real Yjs changes', () => {
    const doc = new Y.Doc();
    const text = doc.getText('title');
    text.insert(0, 'Ny legeplads');
    let delta: TextDelta = [];
    text.observe((event) => {
      delta = event.delta;
    });
    text.insert(3, 'stor ');
    // A caret after "legeplads" stays after it.
    expect(mapIndex(12, delta)).toBe(17);
    expect(text.toJSON().slice(0, 17)).toBe('Ny stor legeplads');
  });
});
