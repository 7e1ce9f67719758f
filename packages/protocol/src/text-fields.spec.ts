import { describe, expect, it } from 'vitest';
import { DebateListQuery, DebateTitle, PostBody } from './debates.js';
import { JoinForumBody } from './forums.js';
import { PersonName } from './people.js';
import { ProposalSummaryText, ProposalTitle, VersionNumber } from './proposals.js';

describe('the text rules in every schema', () => {
  it('keep names and what members represent free of look-alike tricks', () => {
    for (const bad of ['Anne\u202eBorgersen', 'Anne\u200bBorgersen', 'Anne\u0000', 'Anne\ud800']) {
      expect(PersonName.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(
        JoinForumBody.safeParse({ kind: 'association', represents: bad }).success,
        JSON.stringify(bad),
      ).toBe(false);
    }
    expect(PersonName.parse('  Æble Ørsted 🍎 ')).toBe('Æble Ørsted 🍎');
  });

  it('keep titles on one line and let bodies have several', () => {
    for (const title of [ProposalTitle, DebateTitle]) {
      expect(title.safeParse('To\nlinjer').success).toBe(false);
      expect(title.safeParse('Ny bænk\tved søen').success).toBe(true);
    }
    for (const body of [ProposalSummaryText, PostBody]) {
      expect(body.safeParse('To\r\nlinjer').success).toBe(true);
      expect(body.safeParse('Skjult \u2066retning\u2069').success).toBe(false);
    }
  });
});

describe('numbers in paths and queries', () => {
  it('are decimal digits only', () => {
    expect(VersionNumber.parse('12')).toBe(12);
    for (const bad of ['1e1', '0x1', ' 1', '1.0', '-1', '0', '', '99999999']) {
      expect(VersionNumber.safeParse(bad).success, bad).toBe(false);
    }
    expect(DebateListQuery.limit.parse(undefined)).toBe(20);
    expect(DebateListQuery.limit.safeParse('101').success).toBe(false);
  });
});
