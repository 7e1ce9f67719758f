import type { InboxItem } from '@lokalforum/protocol';

/** What the inbox is ordered by, for escalations and requests alike. */
interface InboxKey {
  overdue: boolean;
  answered: boolean;
  answerDueAt: string;
  id: string;
}

function key(item: InboxItem): InboxKey {
  return item.kind === 'escalation'
    ? {
        overdue: item.overdue,
        answered: item.answerCount > 0,
        answerDueAt: item.answerDueAt,
        id: item.escalationId,
      }
    : {
        overdue: item.overdue,
        answered: item.answered,
        answerDueAt: item.answerDueAt,
        id: item.requestId,
      };
}

/**
 * One inbox: overdue first (the most overdue — earliest due — first), then
 * what has no answer yet, then by due date; ties by id, so the order is stable.
 */
export function inboxOrder(a: InboxItem, b: InboxItem): number {
  const x = key(a);
  const y = key(b);
  if (x.overdue !== y.overdue) return x.overdue ? -1 : 1;
  if (x.answered !== y.answered) return x.answered ? 1 : -1;
  if (x.answerDueAt !== y.answerDueAt) return x.answerDueAt < y.answerDueAt ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}
