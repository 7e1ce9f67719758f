import type { Debate } from '@lokalforum/protocol';

/**
 * When the person last saw each debate, kept in this browser per person so a
 * shared computer does not mix two people's markers. Times are the debates'
 * own ISO `lastActivityAt`, so they compare as strings.
 */
export type SeenMap = Record<string, string>;

const key = (userId: string) => `lokalforum:seen:${userId}`;
/** Enough for a forum's active threads; the oldest entries go first. */
const MAX_ENTRIES = 500;

export function readSeen(storage: Storage | undefined, userId: string): SeenMap {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key(userId)) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as SeenMap) : {};
  } catch {
    return {};
  }
}

export function markSeen(
  storage: Storage | undefined,
  userId: string,
  debateId: string,
  at: string,
): SeenMap {
  const seen = readSeen(storage, userId);
  if (!seen[debateId] || seen[debateId] < at) seen[debateId] = at;
  const entries = Object.entries(seen).sort((a, b) => (a[1] < b[1] ? 1 : -1));
  const kept = Object.fromEntries(entries.slice(0, MAX_ENTRIES));
  try {
    storage?.setItem(key(userId), JSON.stringify(kept));
  } catch {
    // Full or forbidden storage: the markers just stay.
  }
  return kept;
}

/** Activity the person has not seen: not their own new thread, and newer than their last look. */
export function isUnread(seen: SeenMap, debate: Debate, userId: string): boolean {
  if (debate.state !== 'visible' && debate.commentCount === 0) return false;
  const last = seen[debate.id];
  if (!last) return debate.author?.userId !== userId;
  return last < debate.lastActivityAt;
}
