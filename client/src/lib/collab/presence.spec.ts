import { describe, expect, it } from 'vitest';
import { presenceChanges, presentPeople } from './presence';

const anne = { id: 'a', name: 'Anne', color: '#00557f' };
const bent = { id: 'b', name: 'Bent', color: '#2a6a3c' };

describe('presentPeople', () => {
  it('lists each person once, oneself first, and skips states without a user', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: bent }],
      [2, { user: anne }],
      [3, { user: bent, cursor: null }],
      [4, {}],
      [5, { user: { name: 'No id' } }],
    ]);
    expect(presentPeople(states, 'b')).toEqual([
      { ...bent, self: true },
      { ...anne, self: false },
    ]);
  });

  it('does not trust a colour it cannot put into a style', () => {
    const states = new Map([[1, { user: { ...anne, color: 'red;background:url(x)' } }]]);
    expect(presentPeople(states, 'x')[0]?.color).toBe('#47525e');
  });
});

describe('presenceChanges', () => {
  it('reports who joined and who left, never oneself', () => {
    const me = { ...anne, self: true };
    const other = { ...bent, self: false };
    expect(presenceChanges([me], [me, other])).toEqual({ joined: [other], left: [] });
    expect(presenceChanges([me, other], [me])).toEqual({ joined: [], left: [other] });
    expect(presenceChanges([], [me])).toEqual({ joined: [], left: [] });
  });
});
