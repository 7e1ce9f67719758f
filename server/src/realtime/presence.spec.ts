import { describe, expect, it } from 'vitest';
import { merge } from './presence';

describe('merge', () => {
  it('lists each person once across tabs and nodes, sorted, and adds up the guests', () => {
    const anna = { userId: 'a', name: 'Åse', staff: null };
    const bo = { userId: 'b', name: 'Bo', staff: null };
    const staffBo = { ...bo, staff: 'coCreator' as const };
    const presence = merge('tuse', [
      { people: [anna, bo], guests: 2 },
      { people: [staffBo, anna], guests: 1 },
    ]);
    expect(presence).toEqual({ forum: 'tuse', people: [staffBo, anna], guests: 3 });
  });
});
