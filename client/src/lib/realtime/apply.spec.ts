import type { Comment, Debate, Tally } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { applyActivity, applyTally, nestComments, upsertComment, upsertDebate } from './apply';
import { isUnread } from './last-seen';

const debate = (id: string, at: string, extra: Partial<Debate> = {}): Debate => ({
  id,
  forumSlug: 'jyderup',
  title: id,
  body: 'x',
  author: { userId: 'u1', name: 'A', staff: null },
  proposalId: null,
  state: 'visible',
  hiddenReason: null,
  locked: false,
  lockedReason: null,
  createdAt: at,
  editedAt: null,
  lastActivityAt: at,
  commentCount: 0,
  ...extra,
});
const comment = (id: string, at: string, parentId: string | null = null): Comment => ({
  id,
  debateId: 'd1',
  parentId,
  body: id,
  author: { userId: 'u2', name: 'B', staff: null },
  state: 'visible',
  hiddenReason: null,
  createdAt: at,
  editedAt: null,
});

describe('debate list', () => {
  it('upserts by id, newest activity first, and drops deleted threads', () => {
    const a = debate('a', '2026-01-01T10:00:00.000Z');
    const b = debate('b', '2026-01-02T10:00:00.000Z');
    let list = upsertDebate([a], b);
    expect(list.map((d) => d.id)).toEqual(['b', 'a']);
    list = upsertDebate(list, b);
    expect(list).toHaveLength(2);
    list = applyActivity(list, {
      id: 'a',
      commentCount: 3,
      lastActivityAt: '2026-01-03T00:00:00.000Z',
    });
    expect(list.map((d) => d.id)).toEqual(['a', 'b']);
    expect(upsertDebate(list, { ...b, state: 'deleted' }).map((d) => d.id)).toEqual(['a']);
    expect(upsertDebate([a], b, false).map((d) => d.id)).toEqual(['a']);
  });
});

describe('thread comments', () => {
  it('upserts by id, keeps time order and nests one level', () => {
    const c1 = comment('c1', '2026-01-01T10:00:00.000Z');
    const r1 = comment('r1', '2026-01-01T11:00:00.000Z', 'c1');
    let list = upsertComment(upsertComment([], r1), c1);
    list = upsertComment(list, { ...c1, state: 'hidden', body: null, hiddenReason: 'Nej' });
    expect(list.map((c) => c.id)).toEqual(['c1', 'r1']);
    expect(list[0]?.hiddenReason).toBe('Nej');
    expect(nestComments(list)).toEqual([{ comment: list[0], replies: [r1] }]);
  });
});

describe('unread markers', () => {
  it('marks activity newer than the last look, not one’s own new thread', () => {
    const d = debate('d', '2026-01-02T10:00:00.000Z');
    expect(isUnread({}, d, 'u1')).toBe(false);
    expect(isUnread({}, d, 'u9')).toBe(true);
    expect(isUnread({ d: '2026-01-02T10:00:00.000Z' }, d, 'u9')).toBe(false);
    expect(isUnread({ d: '2026-01-01T10:00:00.000Z' }, d, 'u1')).toBe(true);
  });
});

describe('applyTally', () => {
  const base: Tally = {
    proposalId: 'p1',
    voteId: 'v1',
    versionNumber: 1,
    textSha256: 'a'.repeat(64),
    open: true,
    openedAt: '2026-03-01T10:00:00.000Z',
    closesAt: '2026-03-08T10:00:00.000Z',
    closedAt: null,
    closeReason: null,
    outcome: null,
    rules: {
      quorum: null,
      majority: 'moreYesThanNo',
      tallyVisibility: 'live',
      membersBeforeVoteOnly: true,
    },
    eligible: 10,
    voted: 2,
    yes: 1,
    no: 1,
    abstain: 0,
  };

  it('ignores other proposals and takes the first tally', () => {
    expect(applyTally(null, { ...base, proposalId: 'p2' }, 'p1')).toBeNull();
    expect(applyTally(null, base, 'p1')).toBe(base);
  });

  it('follows a running vote, but a late, older count does not undo a newer one', () => {
    const more = { ...base, voted: 3, yes: 2 };
    expect(applyTally(base, more, 'p1')).toBe(more);
    expect(applyTally(more, base, 'p1')).toBe(more);
    const changedMind = { ...more, yes: 1, no: 2 };
    expect(applyTally(more, changedMind, 'p1')).toBe(changedMind);
  });

  it('keeps a closed tally final, and lets a later vote replace it', () => {
    const closed = { ...base, open: false, outcome: 'adopted' as const, closedAt: base.closesAt };
    expect(applyTally(base, closed, 'p1')).toBe(closed);
    expect(applyTally(closed, { ...base, voted: 9 }, 'p1')).toBe(closed);
    const second = { ...base, voteId: 'v2', openedAt: '2026-04-01T10:00:00.000Z', voted: 0 };
    expect(applyTally(closed, second, 'p1')).toBe(second);
    expect(applyTally(second, closed, 'p1')).toBe(second);
  });
});
