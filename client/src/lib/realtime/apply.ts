import type { Comment, Debate, Tally, ThreadActivity } from '@lokalforum/protocol';

/*
 * Pure rules for folding forum events into what a page shows. Every change
 * is an upsert by id, so an event applied twice changes nothing the second time.
 */

/** Newest activity first, as the REST list; ties by id so the order is stable. */
function byActivity(a: Debate, b: Debate): number {
  if (a.lastActivityAt !== b.lastActivityAt) return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
  return a.id < b.id ? -1 : 1;
}

/**
 * The debate list with `debate` put in or replaced. Deleted threads leave the
 * list (as REST leaves them out); `addNew: false` only updates debates already
 * shown (an older page must not grow newer debates).
 */
export function upsertDebate(list: readonly Debate[], debate: Debate, addNew = true): Debate[] {
  const known = list.some((d) => d.id === debate.id);
  if (debate.state === 'deleted') return list.filter((d) => d.id !== debate.id);
  if (!known && !addNew) return [...list];
  const next = known ? list.map((d) => (d.id === debate.id ? debate : d)) : [...list, debate];
  return next.sort(byActivity);
}

/** A comment arrived somewhere: its thread's count and last activity change. */
export function applyActivity(list: readonly Debate[], activity: ThreadActivity): Debate[] {
  if (!list.some((d) => d.id === activity.id)) return [...list];
  return list
    .map((d) =>
      d.id === activity.id
        ? { ...d, commentCount: activity.commentCount, lastActivityAt: activity.lastActivityAt }
        : d,
    )
    .sort(byActivity);
}

/** The thread's comments with `comment` put in or replaced; oldest first. */
export function upsertComment(list: readonly Comment[], comment: Comment): Comment[] {
  if (list.some((c) => c.id === comment.id)) {
    return list.map((c) => (c.id === comment.id ? comment : c));
  }
  return [...list, comment].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
  );
}

/** Top-level comments, each with its replies (one level), in the order given. */
export function nestComments(
  comments: readonly Comment[],
): { comment: Comment; replies: Comment[] }[] {
  const top = comments.filter((c) => c.parentId === null);
  return top.map((comment) => ({
    comment,
    replies: comments.filter((c) => c.parentId === comment.id),
  }));
}

/**
 * The tally to show for `proposalId` once `next` arrives: a later vote
 * replaces an earlier one; within one vote a closed tally is final (a
 * `tally.changed` counted just before the close may arrive after it), and
 * otherwise the one with more ballots counted wins over an older count that
 * arrives late. Returns `current` itself when nothing changes.
 */
export function applyTally(current: Tally | null, next: Tally, proposalId: string): Tally | null {
  if (next.proposalId !== proposalId) return current;
  if (!current) return next;
  if (next.voteId !== current.voteId) return next.openedAt >= current.openedAt ? next : current;
  if (!current.open) return current;
  if (!next.open) return next;
  return next.voted >= current.voted ? next : current;
}
