import type { Notification } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { formatter, translator } from '$lib/i18n';
import { notificationText } from './text';

const forum = { forumSlug: 'oroe', forumName: 'Orø Lokalforum' };
const proposal = { ...forum, proposalId: 'p', proposalTitle: 'Ny færgeplan' };
const thread = { ...forum, debateId: 'd', debateTitle: 'Stien til havnen' };
const due = '2026-12-24T11:00:00.000Z';
const base = { id: 'n', createdAt: due, readAt: null };
const request = { forumSlug: null, forumName: null, requestId: 'q', subject: 'Shelter' };

/** One of every kind (and variant), as the API sends them. */
const examples = [
  { kind: 'voteOpened', data: { ...proposal, versionNumber: 3, closesAt: due } },
  {
    kind: 'voteClosed',
    data: { ...proposal, outcome: 'adopted', yes: 1200, no: 3, abstain: 0 },
  },
  {
    kind: 'voteClosed',
    data: { ...proposal, outcome: 'not_adopted', yes: 1, no: 3, abstain: 2 },
  },
  {
    kind: 'escalationAnswered',
    data: { ...proposal, escalationId: 'e', status: 'forwarded', answeredBy: null },
  },
  { kind: 'reply', data: { ...thread, commentId: 'c', to: 'debate', authorName: 'Rolf' } },
  {
    kind: 'reply',
    data: { ...thread, debateTitle: null, commentId: 'c', to: 'comment', authorName: null },
  },
  {
    kind: 'postHidden',
    data: { ...thread, post: { kind: 'comment', id: 'c' }, reason: 'Grimt' },
  },
  { kind: 'reportCreated', data: { ...thread, reportId: 'r', post: { kind: 'debate', id: 'd' } } },
  {
    kind: 'escalationReceived',
    data: { ...proposal, escalationId: 'e', answerDueAt: due, handedOverBy: 'Mette' },
  },
  {
    kind: 'escalationReceived',
    data: { ...proposal, escalationId: 'e', answerDueAt: due, handedOverBy: null },
  },
  { kind: 'escalationDueSoon', data: { ...proposal, escalationId: 'e', answerDueAt: due } },
  {
    kind: 'requestReceived',
    data: { ...request, fromName: 'Rolf', handedOverBy: null },
  },
  {
    kind: 'requestReceived',
    data: { ...request, fromName: 'Rolf', handedOverBy: 'Mette' },
  },
  ...(['message', 'status', 'handedOver', 'invited'] as const).map((change) => ({
    kind: 'requestUpdated',
    data: { ...request, byName: 'Mette', change, status: 'in_dialogue' },
  })),
  {
    kind: 'poolApplication',
    data: {
      ...proposal,
      applicationId: 'a',
      poolName: 'Fællesskabspuljen',
      status: 'granted',
      amountDkk: 5,
    },
  },
  {
    kind: 'grantRefused',
    data: { ...proposal, amountDkk: 30000, availableDkk: 12000, budgetYear: 2026 },
  },
].map((n) => ({ ...base, ...n }) as Notification);

describe('notification texts', () => {
  it('say every kind in both languages, with nothing left unfilled', () => {
    for (const lang of ['da', 'en'] as const) {
      const t = translator(lang);
      const fmt = formatter(lang);
      for (const n of examples) {
        const text = notificationText(t, fmt, n);
        expect(text, `${lang} ${n.kind}`).not.toMatch(/[{}]|undefined|null/);
        expect(text.length).toBeGreaterThan(10);
      }
    }
  });

  it('name people, titles and results in the reader’s words', () => {
    const da = (n: Notification) => notificationText(translator('da'), formatter('da'), n);
    const en = (n: Notification) => notificationText(translator('en'), formatter('en'), n);
    expect(da(examples[1]!)).toBe(
      'Afstemningen om „Ny færgeplan“ er slut: vedtaget med 1.200 ja, 3 nej og 0 hverken for eller imod.',
    );
    expect(en(examples[1]!)).toBe(
      'The vote on “Ny færgeplan” has closed: adopted with 1,200 yes, 3 no and 0 abstaining.',
    );
    expect(en(examples[3]!)).toBe(
      'The municipality answered “Ny færgeplan”: forwarded to another department.',
    );
    expect(da(examples[5]!)).toBe('Nogen har svaret på din kommentar i en debat.');
    expect(en(examples[8]!)).toBe(
      'Mette handed you the proposal “Ny færgeplan” from Orø Lokalforum. Answer due 24 December 2026.',
    );
  });
});
