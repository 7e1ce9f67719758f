import { type Notification, NotificationData, notificationKinds } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import { digestGroups, digestMail, notificationMail } from './notification-mail-templates';

const forum = { forumSlug: 'tuse-naes', forumName: 'Tuse Næs Lokalforum' };
const proposal = {
  ...forum,
  proposalId: '00000000-0000-4000-8000-000000000001',
  proposalTitle: 'Ny badebro',
};
const thread = {
  ...forum,
  debateId: '00000000-0000-4000-8000-000000000002',
  debateTitle: 'Parkering',
};
const escalationId = '00000000-0000-4000-8000-000000000003';
const request = {
  ...forum,
  requestId: '00000000-0000-4000-8000-000000000005',
  subject: 'Shelter ved stranden',
};
const commentId = '00000000-0000-4000-8000-000000000004';
const due = '2026-12-24T11:00:00.000Z';

/** One example of every kind. */
const examples: { [K in Notification['kind']]: Notification & { kind: K } } = {
  voteOpened: n('voteOpened', { ...proposal, versionNumber: 2, closesAt: due }),
  voteClosed: n('voteClosed', { ...proposal, outcome: 'adopted', yes: 5, no: 2, abstain: 1 }),
  escalationAnswered: n('escalationAnswered', {
    ...proposal,
    escalationId,
    status: 'in_dialogue',
    answeredBy: 'Mette Fælles',
  }),
  reply: n('reply', { ...thread, commentId, to: 'comment', authorName: 'Rolf' }),
  postHidden: n('postHidden', {
    ...thread,
    post: { kind: 'comment', id: commentId },
    reason: 'Personangreb',
  }),
  reportCreated: n('reportCreated', {
    ...thread,
    reportId: escalationId,
    post: { kind: 'debate', id: thread.debateId },
  }),
  escalationReceived: n('escalationReceived', {
    ...proposal,
    escalationId,
    answerDueAt: due,
    handedOverBy: null,
  }),
  escalationDueSoon: n('escalationDueSoon', { ...proposal, escalationId, answerDueAt: due }),
  requestReceived: n('requestReceived', {
    ...request,
    fromName: 'Rolf',
    handedOverBy: 'Mette Fælles',
  }),
  requestUpdated: n('requestUpdated', {
    ...request,
    forumSlug: null,
    forumName: null,
    byName: 'Mette Fælles',
    change: 'status',
    status: 'done',
  }),
  poolApplication: n('poolApplication', {
    ...proposal,
    applicationId: escalationId,
    poolName: 'Fællesskabspuljen',
    status: 'granted',
    amountDkk: 12000,
  }),
  grantRefused: n('grantRefused', {
    ...proposal,
    amountDkk: 30000,
    availableDkk: 12000,
    budgetYear: 2026,
  }),
};

function n<K extends Notification['kind']>(kind: K, data: object): Notification & { kind: K } {
  return {
    id: '00000000-0000-4000-8000-0000000000ff',
    kind,
    data: NotificationData[kind].parse(data),
    createdAt: due,
    readAt: null,
  } as Notification & { kind: K };
}

const links = {
  open: (path: string) => `https://forum.example.org${path}`,
  unsubscribe: 'https://forum.example.org/afmeld?token=t',
  settings: 'https://forum.example.org/notifikationer/indstillinger',
};

/** Words only the Danish templates use. */
const DANISH = /\b(og|har|er|i debatten|Forslaget|Afstemning|svaret|skjult|anmeldt|Afmeld)\b/;

describe('notification mail', () => {
  it('renders every kind in both languages, with its link and the unsubscribe link', () => {
    for (const kind of notificationKinds) {
      const da = notificationMail('da', examples[kind], links);
      const en = notificationMail('en', examples[kind], links);
      for (const mail of [da, en]) {
        expect(mail.subject.length).toBeGreaterThan(3);
        expect(mail.text).toContain('https://forum.example.org/');
        expect(mail.text).toContain(links.unsubscribe);
        expect(mail.text).not.toMatch(/undefined|null| {2}/);
      }
      expect([kind, DANISH.test(`${en.subject}\n${en.text}`)]).toEqual([kind, false]);
      expect(da.text).toContain('Afmeld med ét klik');
    }
  });

  it('says a closed vote’s result and an answer’s status in words', () => {
    expect(notificationMail('da', examples.voteClosed, links).text).toContain(
      'blev vedtaget: 5 ja, 2 nej, 1 hverken for eller imod',
    );
    expect(notificationMail('en', examples.voteClosed, links).text).toContain(
      'was adopted: 5 yes, 2 no, 1 abstained',
    );
    expect(notificationMail('en', examples.escalationAnswered, links).text).toContain(
      'Status: in dialogue.',
    );
    expect(notificationMail('da', examples.escalationReceived, links).text).toContain(
      '24. december 2026',
    );
  });
});

describe('digest', () => {
  const items = [
    examples.voteOpened,
    examples.reply,
    examples.reply,
    examples.voteClosed,
    examples.reportCreated,
    examples.reply,
    examples.escalationAnswered,
  ];

  it('groups by proposal and thread in order of first appearance and counts the changes', () => {
    expect(
      digestGroups('da', items, links.open).map((g) => [g.heading, g.changes, g.lines.length]),
    ).toEqual([
      ['Forslaget „Ny badebro“ (Tuse Næs Lokalforum)', '3 statusændringer', 3],
      ['Debatten „Parkering“ (Tuse Næs Lokalforum)', '3 kommentarer, 1 anmeldelse', 4],
    ]);
    expect(digestGroups('en', items, links.open).map((g) => g.changes)).toEqual([
      '3 status changes',
      '3 comments, 1 report',
    ]);
  });

  it('is one mail with a subject counting everything and the digest’s unsubscribe link', () => {
    const mail = digestMail('en', items, links);
    expect(mail.subject).toBe('Lokalforum: 7 updates since last time');
    expect(mail.text).toContain(`https://forum.example.org/forslag/${proposal.proposalId}`);
    expect(mail.text).toContain(`https://forum.example.org/debatter/${thread.debateId}`);
    expect(mail.text).toContain(links.unsubscribe);
    expect(DANISH.test(mail.text)).toBe(false);
    expect(digestMail('en', items, links, '2026-12-01T06:00:00.000Z').text).toMatch(
      /^Here is what happened since your last digest, 1 December 2026 at 07:00\./,
    );
    expect(digestMail('da', items, links, '2026-12-01T06:00:00.000Z').text).toMatch(
      /^Her er, hvad der er sket siden din sidste oversigt 1\. december 2026 kl\. 07\.00\./,
    );
  });
});
