import { describe, expect, it } from 'vitest';
import {
  closesVotes,
  type ForumRoles,
  managesRules,
  moderates,
  NO_FORUM_ROLES,
  opensVotes,
  votesIn,
} from './forum-policy';

const none: ForumRoles = NO_FORUM_ROLES;
const member = (joinedAt: string): ForumRoles => ({
  ...none,
  isMember: true,
  joinedAt: new Date(joinedAt),
});

describe('moderates', () => {
  it('is the forum’s contact persons, its area’s fælles-skaber, the process consultant and administrators', () => {
    expect(moderates(none)).toBe(false);
    expect(moderates({ ...none, isContactPerson: true })).toBe(true);
    expect(moderates({ ...none, staff: 'coCreator' })).toBe(false);
    expect(moderates({ ...none, staff: 'coCreator', coversArea: true })).toBe(true);
    expect(moderates({ ...none, staff: 'processConsultant' })).toBe(true);
    expect(moderates({ ...none, isAdministrator: true })).toBe(true);
    expect(moderates(member('2026-01-01'))).toBe(false);
  });
});

describe('opening and closing votes, changing rules', () => {
  const contact: ForumRoles = { ...member('2026-01-01'), isContactPerson: true };
  const off = { authorsMayOpenVotes: false };
  const on = { authorsMayOpenVotes: true };

  it('lets a contact person open a vote, and an author only when the rules say so', () => {
    expect(opensVotes(contact, off, false)).toBe(true);
    expect(opensVotes(member('2026-01-01'), off, true)).toBe(false);
    expect(opensVotes(member('2026-01-01'), on, true)).toBe(true);
    expect(opensVotes(member('2026-01-01'), on, false)).toBe(false);
    // An author who has left the forum opens nothing.
    expect(opensVotes(none, on, true)).toBe(false);
    // Moderating staff do not decide for the forum.
    expect(
      opensVotes({ ...none, staff: 'processConsultant', isAdministrator: true }, on, false),
    ).toBe(false);
  });

  it('keeps early closing and the rules for contact persons', () => {
    expect(closesVotes(contact)).toBe(true);
    expect(managesRules(contact)).toBe(true);
    for (const roles of [none, member('2026-01-01'), { ...none, isAdministrator: true }]) {
      expect(closesVotes(roles)).toBe(false);
      expect(managesRules(roles)).toBe(false);
    }
  });
});

describe('votesIn', () => {
  const openedAt = new Date('2026-03-01T12:00:00Z');

  it('is for members, by default only those who joined before the vote opened', () => {
    const vote = { openedAt, membersBeforeVoteOnly: true };
    expect(votesIn(member('2026-02-01T00:00:00Z'), vote)).toBe(true);
    expect(votesIn(member('2026-03-01T12:00:00Z'), vote)).toBe(false);
    expect(votesIn(member('2026-03-02T00:00:00Z'), vote)).toBe(false);
    expect(votesIn(none, vote)).toBe(false);
    expect(votesIn({ ...none, staff: 'coCreator', coversArea: true }, vote)).toBe(false);
  });

  it('lets later members vote when the rule is off', () => {
    const vote = { openedAt, membersBeforeVoteOnly: false };
    expect(votesIn(member('2026-03-02T00:00:00Z'), vote)).toBe(true);
    expect(votesIn(none, vote)).toBe(false);
  });
});
