import type { InboxItem } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { inboxOrder } from './inbox-order';

const escalation = (id: string, due: string, overdue: boolean, answers: number): InboxItem => ({
  kind: 'escalation',
  escalationId: id,
  proposalId: id,
  proposalTitle: id,
  proposalStatus: 'escalated',
  forumSlug: 'tuse',
  forumName: 'Tuse Lokalforum',
  escalatedAt: '2026-11-01T10:00:00.000Z',
  answerDueAt: due,
  overdue,
  status: answers ? 'received' : 'waiting',
  answerCount: answers,
});

const request = (id: string, due: string, overdue: boolean, answered: boolean): InboxItem => ({
  kind: 'request',
  requestId: id,
  subject: id,
  requesterName: 'Rolf',
  forumSlug: null,
  forumName: null,
  receivedAt: '2026-11-01T10:00:00.000Z',
  answerDueAt: due,
  overdue,
  answered,
  status: answered ? 'in_dialogue' : 'new',
});

const ids = (items: InboxItem[]) =>
  items.sort(inboxOrder).map((i) => (i.kind === 'escalation' ? i.escalationId : i.requestId));

describe('inbox order', () => {
  it('puts requests and escalations in one order: overdue, unanswered, due date', () => {
    const items = [
      escalation('e-answered-early', '2026-11-10T00:00:00.000Z', false, 1),
      request('r-due-late', '2026-12-20T00:00:00.000Z', false, false),
      escalation('e-overdue-late', '2026-11-20T00:00:00.000Z', true, 0),
      request('r-overdue-early', '2026-11-15T00:00:00.000Z', true, false),
      escalation('e-due-soon', '2026-12-05T00:00:00.000Z', false, 0),
      request('r-answered', '2026-11-01T00:00:00.000Z', false, true),
    ];
    expect(ids(items)).toEqual([
      'r-overdue-early',
      'e-overdue-late',
      'e-due-soon',
      'r-due-late',
      'r-answered',
      'e-answered-early',
    ]);
  });

  it('breaks ties by id', () => {
    const due = '2026-12-01T00:00:00.000Z';
    expect(ids([request('b', due, false, false), escalation('a', due, false, 0)])).toEqual([
      'a',
      'b',
    ]);
  });
});
