import { proposalStatuses, type ProposalStatus } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { type ForumRoles, NO_FORUM_ROLES } from '../forums/forum-policy';
import { lifecyclePermissions } from './proposal-lifecycle.service';

const joined = new Date('2026-01-01T00:00:00Z');
const memberRoles: ForumRoles = { ...NO_FORUM_ROLES, isMember: true, joinedAt: joined };
const contactRoles: ForumRoles = { ...memberRoles, isContactPerson: true };
const staffRoles: ForumRoles = {
  ...NO_FORUM_ROLES,
  staff: 'processConsultant',
  isAdministrator: true,
};
const openVote = { openedAt: new Date('2026-02-01T00:00:00Z'), membersBeforeVoteOnly: true };

function permissions(
  status: ProposalStatus,
  who: { roles: ForumRoles; isAuthor?: boolean },
  authorsMayOpenVotes = false,
) {
  return lifecyclePermissions({
    status,
    roles: who.roles,
    isAuthor: who.isAuthor ?? false,
    rules: { authorsMayOpenVotes, votingDays: 7 },
    openVote: status === 'voting' ? openVote : null,
  });
}

describe('lifecyclePermissions', () => {
  it('gives each role in each status exactly its steps', () => {
    const author = { roles: memberRoles, isAuthor: true };
    const contact = { roles: contactRoles };
    const plainMember = { roles: memberRoles };
    const staff = { roles: staffRoles };
    const guest = { roles: NO_FORUM_ROLES };
    const none = {
      openVote: false,
      closeVote: false,
      vote: false,
      withdraw: false,
      redraft: false,
    };

    expect(permissions('draft', author)).toEqual({ ...none, withdraw: true });
    expect(permissions('draft', author, true)).toEqual({ ...none, withdraw: true, openVote: true });
    expect(permissions('draft', contact)).toEqual({ ...none, openVote: true });
    expect(permissions('voting', contact)).toEqual({ ...none, closeVote: true, vote: true });
    expect(permissions('voting', author)).toEqual({ ...none, vote: true });
    expect(permissions('not_adopted', author)).toEqual({ ...none, redraft: true });
    expect(permissions('not_adopted', contact)).toEqual({ ...none, redraft: true });
    for (const who of [plainMember, staff, guest]) {
      for (const status of proposalStatuses) {
        const expected =
          status === 'voting' && who === plainMember ? { ...none, vote: true } : none;
        expect(permissions(status, who, true), `${status}`).toEqual(expected);
      }
    }
    for (const status of ['adopted', 'escalated', 'answered', 'closed', 'withdrawn'] as const) {
      expect(permissions(status, author, true)).toEqual(none);
      expect(permissions(status, contact, true)).toEqual(none);
    }
  });

  it('lets an author who has left the forum withdraw, but not open a vote or vote', () => {
    const leftAuthor = { roles: NO_FORUM_ROLES, isAuthor: true };
    expect(permissions('draft', leftAuthor, true)).toMatchObject({
      withdraw: true,
      openVote: false,
    });
    expect(permissions('voting', leftAuthor)).toMatchObject({ vote: false });
  });
});
