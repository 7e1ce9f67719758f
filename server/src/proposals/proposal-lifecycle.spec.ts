import { proposalStatuses, type ProposalStatus } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { canMove, isEditable, type LifecycleRole, nextStatuses } from './proposal-lifecycle';

const rules = { authorsMayOpenVotes: false };

describe('proposal lifecycle', () => {
  it('follows draft → voting → adopted → escalated → answered → closed', () => {
    const path: [ProposalStatus, ProposalStatus, LifecycleRole][] = [
      ['draft', 'voting', 'contactPerson'],
      ['voting', 'adopted', 'system'],
      ['adopted', 'escalated', 'author'],
      ['escalated', 'answered', 'staff'],
      ['answered', 'closed', 'staff'],
    ];
    for (const [from, to, role] of path) expect(canMove(from, to, [role], rules)).toBe(true);
  });

  it('lets a not-adopted proposal go back to draft, and authors withdraw a draft', () => {
    expect(canMove('voting', 'not_adopted', ['system'], rules)).toBe(true);
    expect(canMove('not_adopted', 'draft', ['author'], rules)).toBe(true);
    expect(canMove('not_adopted', 'draft', ['contactPerson'], rules)).toBe(true);
    expect(canMove('draft', 'withdrawn', ['author'], rules)).toBe(true);
    expect(canMove('draft', 'withdrawn', ['contactPerson'], rules)).toBe(false);
  });

  it('lets authors open a vote only when the forum allows it', () => {
    expect(canMove('draft', 'voting', ['author'], rules)).toBe(false);
    expect(canMove('draft', 'voting', ['author'], { authorsMayOpenVotes: true })).toBe(true);
    expect(canMove('draft', 'voting', ['staff'], { authorsMayOpenVotes: true })).toBe(false);
  });

  it('leaves the outcome of a vote to the tally', () => {
    for (const role of ['author', 'contactPerson', 'staff'] as const) {
      expect(canMove('voting', 'adopted', [role], rules)).toBe(false);
      expect(canMove('voting', 'not_adopted', [role], rules)).toBe(false);
    }
  });

  it('refuses every move that is not in the lifecycle', () => {
    const all: LifecycleRole[] = ['author', 'contactPerson', 'staff', 'system'];
    const permissive = { authorsMayOpenVotes: true };
    for (const from of proposalStatuses) {
      for (const to of proposalStatuses) {
        const listed = nextStatuses(from).includes(to);
        expect(canMove(from, to, all, permissive)).toBe(listed);
      }
    }
    expect(nextStatuses('closed')).toEqual([]);
    expect(nextStatuses('withdrawn')).toEqual([]);
    expect(canMove('adopted', 'draft', all, permissive)).toBe(false);
    expect(canMove('escalated', 'closed', all, permissive)).toBe(false);
  });

  it('keeps the text editable only as a draft', () => {
    expect(proposalStatuses.filter(isEditable)).toEqual(['draft']);
  });
});
