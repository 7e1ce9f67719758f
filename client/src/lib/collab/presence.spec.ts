import { describe, expect, it } from 'vitest';
import { personColour } from './colour';
import { caretColour, presenceChanges, presentPeople, serverUser } from './presence';

const me = { id: 'a', name: 'Anne', color: '#00557f' };
const bent = { id: 'b', name: 'Bent', role: 'member', color: '#2a6a3c' } as const;
const carl = { id: 'c', name: 'Carl', role: 'coCreator' } as const;

describe('presentPeople', () => {
  it('lists oneself first from the session, then each other person once', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'a', name: 'Forged', role: 'member' } }],
      [2, { user: bent }],
      [3, { user: bent, cursor: null }],
      [4, { user: carl }],
      [5, {}],
      [6, { user: { name: 'No id', role: 'member' } }],
      [7, { user: { id: 'd', name: 'No role' } }],
      [8, { user: { id: 'a', name: 'Anne in another tab', role: 'member' } }],
    ]);
    expect(presentPeople(states, me, 1)).toEqual([
      { ...me, role: null, self: true },
      { ...bent, self: false },
      { ...carl, color: personColour('c'), self: false },
    ]);
  });

  it('ignores what this window sent itself: only the server vouches for names', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'x', name: 'Mig', role: 'member' } }],
    ]);
    expect(presentPeople(states, me, 1)).toEqual([{ ...me, role: null, self: true }]);
  });
});

describe('serverUser and caretColour', () => {
  it('take a colour only when it is #rrggbb, else the person’s own', () => {
    expect(serverUser({ user: { ...bent, color: 'red;background:url(x)' } })).toEqual({
      id: 'b',
      name: 'Bent',
      role: 'member',
    });
    expect(caretColour({ id: 'b', color: 'red;background:url(x)' })).toBe(personColour('b'));
    expect(caretColour({ id: 'b', color: '#2a6a3c' })).toBe('#2a6a3c');
    expect(caretColour({})).toBe('#47525e');
  });
});

describe('presenceChanges', () => {
  it('reports who joined and who left, never oneself', () => {
    const self = { ...me, role: null, self: true };
    const other = { ...bent, self: false };
    expect(presenceChanges([self], [self, other])).toEqual({ joined: [other], left: [] });
    expect(presenceChanges([self, other], [self])).toEqual({ joined: [], left: [other] });
    expect(presenceChanges([], [self])).toEqual({ joined: [], left: [] });
  });
});
