import { describe, expect, it } from 'vitest';
import { type ProposalFacts, participantRole, proposalAllows } from './proposal.policy';

const member: ProposalFacts = { signedIn: true, isMember: true, status: 'draft' };
const citizen: ProposalFacts = { signedIn: true, isMember: false, status: 'draft' };
const guest: ProposalFacts = { signedIn: false, isMember: false, status: 'draft' };

describe('proposalAllows', () => {
  it('lets everyone read', () => {
    for (const facts of [member, citizen, guest]) expect(proposalAllows('read', facts)).toBe(true);
  });

  it('lets members of the forum edit a draft and freeze it', () => {
    expect(proposalAllows('edit', member)).toBe(true);
    expect(proposalAllows('freeze', member)).toBe(true);
    for (const facts of [citizen, guest]) {
      expect(proposalAllows('edit', facts)).toBe(false);
      expect(proposalAllows('freeze', facts)).toBe(false);
    }
  });

  it('lets nobody edit a proposal that is no longer a draft', () => {
    // The decision issue adds the later states; any of them must close editing.
    const decided = { ...member, status: 'adopted' } as unknown as ProposalFacts;
    expect(proposalAllows('edit', decided)).toBe(false);
  });
});

describe('participantRole', () => {
  it('shows staff by kind first, then contact persons, members and visitors', () => {
    const none = { staff: null, isContactPerson: false, isMember: false };
    expect(participantRole({ ...none, staff: 'coCreator', isMember: true })).toBe('coCreator');
    expect(participantRole({ ...none, staff: 'processConsultant' })).toBe('processConsultant');
    expect(participantRole({ ...none, isContactPerson: true, isMember: true })).toBe(
      'contactPerson',
    );
    expect(participantRole({ ...none, isMember: true })).toBe('member');
    expect(participantRole(none)).toBe('visitor');
  });
});
