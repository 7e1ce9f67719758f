import {
  type ApplicationStatus,
  type DigestChangeKind,
  digestChangeKinds,
  digestChangeOf,
  type MailLanguage,
  type Notification,
  notificationPath,
  notificationSubject,
} from '@lokalforum/protocol';

/** A mail's words before links and headers are added. */
export interface MailText {
  subject: string;
  text: string;
}

type Words = {
  applicationStatus: Record<ApplicationStatus, string>;
  answerStatus: Record<'received' | 'in_dialogue' | 'accepted' | 'forwarded' | 'declined', string>;
  requestStatus: Record<'new' | 'in_dialogue' | 'passed_on' | 'done', string>;
  open: string;
  unsubscribe: string;
  unsubscribeDigest: string;
  settings: string;
  change: Record<DigestChangeKind, [one: string, other: string]>;
  digestSubject: (count: number) => string;
  /** `since`: when the last digest went out (null: this is the first). */
  digestIntro: (since: string | null) => string;
  proposal: (title: string, forum: string) => string;
  thread: (title: string | null, forum: string) => string;
  request: (subject: string) => string;
  render: { [K in Notification['kind']]: (n: Extract<Notification, { kind: K }>) => MailText };
};

const locales: Record<MailLanguage, string> = { da: 'da-DK', en: 'en-GB' };

function dateOf(lang: MailLanguage, iso: string): string {
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }).format(new Date(iso));
}

const da: Words = {
  requestStatus: {
    new: 'ny',
    in_dialogue: 'i dialog',
    passed_on: 'givet videre',
    done: 'afsluttet',
  },
  applicationStatus: {
    received: 'modtaget',
    under_review: 'under behandling',
    granted: 'bevilget',
    declined: 'afslået',
    paid: 'udbetalt',
    reported: 'afrapporteret',
  },
  answerStatus: {
    received: 'modtaget',
    in_dialogue: 'i dialog',
    accepted: 'accepteret',
    forwarded: 'sendt videre til en anden afdeling',
    declined: 'afvist',
  },
  open: 'Se det på Lokalforum:',
  unsubscribe: 'Vil du ikke have flere e-mails af denne slags? Afmeld med ét klik:',
  unsubscribeDigest: 'Vil du ikke have den daglige oversigt? Afmeld med ét klik:',
  settings: 'Vælg selv, hvad du får besked om:',
  change: {
    statusChange: ['1 statusændring', '{n} statusændringer'],
    comment: ['1 kommentar', '{n} kommentarer'],
    report: ['1 anmeldelse', '{n} anmeldelser'],
    hidden: ['1 skjult indlæg', '{n} skjulte indlæg'],
    reminder: ['1 påmindelse', '{n} påmindelser'],
  },
  digestSubject: (count) =>
    count === 1 ? 'Lokalforum: 1 nyhed siden sidst' : `Lokalforum: ${count} nyheder siden sidst`,
  digestIntro: (since) =>
    since
      ? `Her er, hvad der er sket siden din sidste oversigt ${dateOf('da', since)}.`
      : 'Her er, hvad der er sket, siden du sidst hørte fra os.',
  proposal: (title, forum) => `Forslaget „${title}“ (${forum})`,
  thread: (title, forum) => (title ? `Debatten „${title}“ (${forum})` : `En debat (${forum})`),
  request: (subject) => `Henvendelsen „${subject}“`,
  render: {
    voteOpened: ({ data: d }) => ({
      subject: `Afstemning åbnet: ${d.proposalTitle}`,
      text: `Der er åbnet en afstemning om forslaget „${d.proposalTitle}“ i ${d.forumName} (version ${d.versionNumber}). Den lukker ${dateOf('da', d.closesAt)}.`,
    }),
    voteClosed: ({ data: d }) => ({
      subject: `Afstemningen er slut: ${d.proposalTitle}`,
      text: `Afstemningen om „${d.proposalTitle}“ i ${d.forumName} er slut. Forslaget blev ${d.outcome === 'adopted' ? 'vedtaget' : 'ikke vedtaget'}: ${d.yes} ja, ${d.no} nej, ${d.abstain} hverken for eller imod.`,
    }),
    escalationAnswered: ({ data: d }) => ({
      subject: `Kommunen har svaret: ${d.proposalTitle}`,
      text: `${d.answeredBy ?? 'Kommunen'} har svaret på forslaget „${d.proposalTitle}“ fra ${d.forumName}. Status: ${da.answerStatus[d.status]}.`,
    }),
    reply: ({ data: d }) => ({
      subject: d.debateTitle ? `Nyt svar i „${d.debateTitle}“` : 'Nyt svar i en debat',
      text: `${d.authorName ?? 'Nogen'} har svaret på ${d.to === 'debate' ? 'din debat' : 'din kommentar'} ${d.debateTitle ? `„${d.debateTitle}“` : 'i en debat'} i ${d.forumName}.`,
    }),
    postHidden: ({ data: d }) => ({
      subject: 'Dit indlæg er skjult',
      text: `${d.post.kind === 'debate' ? 'Din debat' : 'Din kommentar'} ${d.debateTitle ? (d.post.kind === 'debate' ? `„${d.debateTitle}“` : `i debatten „${d.debateTitle}“`) : 'i en debat'} i ${d.forumName} er skjult af en moderator.${d.reason ? ` Begrundelse: ${d.reason}` : ''}`,
    }),
    reportCreated: ({ data: d }) => ({
      subject: `Et indlæg er anmeldt i ${d.forumName}`,
      text: `${d.post.kind === 'debate' ? 'En debat' : 'En kommentar'} ${d.debateTitle ? `i „${d.debateTitle}“` : ''} i ${d.forumName} er anmeldt og venter på en kontaktperson.`,
    }),
    escalationReceived: ({ data: d }) => ({
      subject: `Nyt forslag i din indbakke: ${d.proposalTitle}`,
      text: `Forslaget „${d.proposalTitle}“ fra ${d.forumName} er ${d.handedOverBy ? `givet videre til dig af ${d.handedOverBy}` : 'sendt til dig'}. Det skal besvares offentligt senest ${dateOf('da', d.answerDueAt)}.`,
    }),
    escalationDueSoon: ({ data: d }) => ({
      subject: `Svarfristen nærmer sig: ${d.proposalTitle}`,
      text: `Forslaget „${d.proposalTitle}“ fra ${d.forumName} har endnu ikke fået et svar. Fristen er ${dateOf('da', d.answerDueAt)}.`,
    }),
    requestReceived: ({ data: d }) => ({
      subject: `Ny henvendelse til dig: ${d.subject}`,
      text: `${d.handedOverBy ? `${d.handedOverBy} har givet en henvendelse fra ${d.fromName} videre til dig` : `${d.fromName} har sendt dig en henvendelse`}: „${d.subject}“${d.forumName ? ` (${d.forumName})` : ''}.`,
    }),
    requestUpdated: ({ data: d }) => ({
      subject: `Nyt i henvendelsen: ${d.subject}`,
      text: `${d.byName ?? 'Nogen'} har ${{ message: 'skrevet i', status: 'ændret status på', handedOver: 'givet videre', invited: 'inviteret dig til' }[d.change]} henvendelsen „${d.subject}“. Status: ${da.requestStatus[d.status]}.`,
    }),
    poolApplication: ({ data: d }) => ({
      subject: `Ansøgning til ${d.poolName}: ${da.applicationStatus[d.status]}`,
      text: `Ansøgningen til ${d.poolName} fra forslaget „${d.proposalTitle}“ (${d.forumName}) er nu ${da.applicationStatus[d.status]}${d.amountDkk === null ? '' : `: ${d.amountDkk.toLocaleString('da-DK')} kr.`}.`,
    }),
    grantRefused: ({ data: d }) => ({
      subject: `Tilskuddet rækker ikke: ${d.proposalTitle}`,
      text: `Forslaget „${d.proposalTitle}“ (${d.forumName}) er vedtaget og beder om ${d.amountDkk.toLocaleString('da-DK')} kr. af lokalforummets tilskud, men der er kun ${d.availableDkk.toLocaleString('da-DK')} kr. til rådighed i ${d.budgetYear}. Beløbet er ikke bundet; en kontaktperson kan binde det, når der er penge.`,
    }),
  },
};

const en: Words = {
  requestStatus: { new: 'new', in_dialogue: 'in dialogue', passed_on: 'passed on', done: 'done' },
  applicationStatus: {
    received: 'received',
    under_review: 'under review',
    granted: 'granted',
    declined: 'declined',
    paid: 'paid',
    reported: 'reported back',
  },
  answerStatus: {
    received: 'received',
    in_dialogue: 'in dialogue',
    accepted: 'accepted',
    forwarded: 'forwarded to another department',
    declined: 'declined',
  },
  open: 'See it on Lokalforum:',
  unsubscribe: 'Don’t want more e-mails like this? Unsubscribe with one click:',
  unsubscribeDigest: 'Don’t want the daily digest? Unsubscribe with one click:',
  settings: 'Choose what you are told about:',
  change: {
    statusChange: ['1 status change', '{n} status changes'],
    comment: ['1 comment', '{n} comments'],
    report: ['1 report', '{n} reports'],
    hidden: ['1 hidden post', '{n} hidden posts'],
    reminder: ['1 reminder', '{n} reminders'],
  },
  digestSubject: (count) =>
    count === 1
      ? 'Lokalforum: 1 update since last time'
      : `Lokalforum: ${count} updates since last time`,
  digestIntro: (since) =>
    since
      ? `Here is what happened since your last digest, ${dateOf('en', since)}.`
      : 'Here is what happened since you last heard from us.',
  proposal: (title, forum) => `The proposal “${title}” (${forum})`,
  thread: (title, forum) => (title ? `The debate “${title}” (${forum})` : `A debate (${forum})`),
  request: (subject) => `The request “${subject}”`,
  render: {
    voteOpened: ({ data: d }) => ({
      subject: `Vote opened: ${d.proposalTitle}`,
      text: `A vote has opened on the proposal “${d.proposalTitle}” in ${d.forumName} (version ${d.versionNumber}). It closes ${dateOf('en', d.closesAt)}.`,
    }),
    voteClosed: ({ data: d }) => ({
      subject: `Vote closed: ${d.proposalTitle}`,
      text: `The vote on “${d.proposalTitle}” in ${d.forumName} has closed. The proposal was ${d.outcome === 'adopted' ? 'adopted' : 'not adopted'}: ${d.yes} yes, ${d.no} no, ${d.abstain} abstained.`,
    }),
    escalationAnswered: ({ data: d }) => ({
      subject: `The municipality answered: ${d.proposalTitle}`,
      text: `${d.answeredBy ?? 'The municipality'} answered the proposal “${d.proposalTitle}” from ${d.forumName}. Status: ${en.answerStatus[d.status]}.`,
    }),
    reply: ({ data: d }) => ({
      subject: d.debateTitle ? `New reply in “${d.debateTitle}”` : 'New reply in a debate',
      text: `${d.authorName ?? 'Someone'} replied to ${d.to === 'debate' ? 'your debate' : 'your comment'} ${d.debateTitle ? `“${d.debateTitle}”` : 'in a debate'} in ${d.forumName}.`,
    }),
    postHidden: ({ data: d }) => ({
      subject: 'Your post was hidden',
      text: `${d.post.kind === 'debate' ? 'Your debate' : 'Your comment'} ${d.debateTitle ? (d.post.kind === 'debate' ? `“${d.debateTitle}”` : `in the debate “${d.debateTitle}”`) : 'in a debate'} in ${d.forumName} was hidden by a moderator.${d.reason ? ` Reason: ${d.reason}` : ''}`,
    }),
    reportCreated: ({ data: d }) => ({
      subject: `A post was reported in ${d.forumName}`,
      text: `${d.post.kind === 'debate' ? 'A debate' : 'A comment'} ${d.debateTitle ? `in “${d.debateTitle}”` : ''} in ${d.forumName} was reported and is waiting for a contact person.`,
    }),
    escalationReceived: ({ data: d }) => ({
      subject: `New proposal in your inbox: ${d.proposalTitle}`,
      text: `The proposal “${d.proposalTitle}” from ${d.forumName} was ${d.handedOverBy ? `handed over to you by ${d.handedOverBy}` : 'sent to you'}. It must be answered publicly by ${dateOf('en', d.answerDueAt)}.`,
    }),
    escalationDueSoon: ({ data: d }) => ({
      subject: `Answer due soon: ${d.proposalTitle}`,
      text: `The proposal “${d.proposalTitle}” from ${d.forumName} has not been answered yet. It is due ${dateOf('en', d.answerDueAt)}.`,
    }),
    requestReceived: ({ data: d }) => ({
      subject: `A request for you: ${d.subject}`,
      text: `${d.handedOverBy ? `${d.handedOverBy} passed a request from ${d.fromName} on to you` : `${d.fromName} sent you a request`}: “${d.subject}”${d.forumName ? ` (${d.forumName})` : ''}.`,
    }),
    requestUpdated: ({ data: d }) => ({
      subject: `News in the request: ${d.subject}`,
      text: `${d.byName ?? 'Someone'} ${{ message: 'wrote in', status: 'changed the status of', handedOver: 'passed on', invited: 'invited you to' }[d.change]} the request “${d.subject}”. Status: ${en.requestStatus[d.status]}.`,
    }),
    poolApplication: ({ data: d }) => ({
      subject: `Application to ${d.poolName}: ${en.applicationStatus[d.status]}`,
      text: `The application to ${d.poolName} from the proposal “${d.proposalTitle}” (${d.forumName}) is now ${en.applicationStatus[d.status]}${d.amountDkk === null ? '' : `: DKK ${d.amountDkk.toLocaleString('en-GB')}`}.`,
    }),
    grantRefused: ({ data: d }) => ({
      subject: `The grant does not cover it: ${d.proposalTitle}`,
      text: `The proposal “${d.proposalTitle}” (${d.forumName}) was adopted and asks for DKK ${d.amountDkk.toLocaleString('en-GB')} of the local forum's grant, but only DKK ${d.availableDkk.toLocaleString('en-GB')} is available in ${d.budgetYear}. The amount is not committed; a contact person can commit it once there is money.`,
    }),
  },
};

const words: Record<MailLanguage, Words> = { da, en };

export interface MailLinks {
  /** Where the notification's subject is on the web (absolute). */
  open: (path: string) => string;
  /** The one-click unsubscribe page for this mail (absolute). */
  unsubscribe: string;
  /** The preferences page (absolute). */
  settings: string;
}

/** One notification as an e-mail in the reader's language. */
export function notificationMail(lang: MailLanguage, n: Notification, links: MailLinks): MailText {
  const w = words[lang];
  const render = w.render[n.kind] as (n: Notification) => MailText;
  const { subject, text } = render(n);
  return {
    subject,
    text: [
      tidy(text),
      '',
      w.open,
      links.open(notificationPath(n)),
      '',
      '—',
      w.unsubscribe,
      links.unsubscribe,
      w.settings,
      links.settings,
    ].join('\n'),
  };
}

/** What a digest says about one proposal or thread: its notifications counted by change. */
export interface DigestGroup {
  heading: string;
  changes: string;
  lines: string[];
  link: string;
}

/** Groups notifications by proposal and thread (in order of first appearance) and counts changes. */
export function digestGroups(
  lang: MailLanguage,
  notifications: Notification[],
  open: (path: string) => string,
): DigestGroup[] {
  const w = words[lang];
  const groups = new Map<string, { items: Notification[] }>();
  for (const n of notifications) {
    const subject = notificationSubject(n);
    const key = `${subject.kind}:${subject.id}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { items: [] }));
    group.items.push(n);
  }
  return [...groups.values()].map(({ items }) => {
    const first = items[0]!;
    const subject = notificationSubject(first);
    const forumName = first.data.forumName;
    const counts = new Map<DigestChangeKind, number>();
    for (const n of items) {
      const change = digestChangeOf[n.kind];
      counts.set(change, (counts.get(change) ?? 0) + 1);
    }
    const changes = digestChangeKinds
      .filter((c) => counts.has(c))
      .map((c) => {
        const count = counts.get(c)!;
        const [one, other] = w.change[c];
        return count === 1 ? one : other.replace('{n}', String(count));
      })
      .join(', ');
    const path = notificationSubjectPath(subject);
    return {
      heading:
        subject.kind === 'request'
          ? w.request(subject.title)
          : subject.kind === 'proposal'
            ? w.proposal(subject.title, forumName ?? '')
            : w.thread(subject.title, forumName ?? ''),
      changes,
      lines: items.map((n) => tidy((w.render[n.kind] as (n: Notification) => MailText)(n).text)),
      link: open(path),
    };
  });
}

function notificationSubjectPath(subject: ReturnType<typeof notificationSubject>): string {
  if (subject.kind === 'request') return `/henvendelser/${subject.id}`;
  return subject.kind === 'proposal' ? `/forslag/${subject.id}` : `/debatter/${subject.id}`;
}

/** The daily digest of one person, in their language. */
export function digestMail(
  lang: MailLanguage,
  notifications: Notification[],
  links: MailLinks,
  since: string | null = null,
): MailText {
  const w = words[lang];
  const groups = digestGroups(lang, notifications, links.open);
  const body = groups.flatMap((g) => [
    g.heading,
    `  ${g.changes}`,
    ...g.lines.map((line) => `  - ${line}`),
    `  ${g.link}`,
    '',
  ]);
  return {
    subject: w.digestSubject(notifications.length),
    text: [
      w.digestIntro(since),
      '',
      ...body,
      '—',
      w.unsubscribeDigest,
      links.unsubscribe,
      w.settings,
      links.settings,
    ].join('\n'),
  };
}

/** Templates leave a double space where an optional part was empty. */
function tidy(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}
