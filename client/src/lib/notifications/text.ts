import type { Notification } from '@lokalforum/protocol';
import type { Formatter, Translate } from '$lib/i18n';

/**
 * What a notification says, in the reader's language: the server stores only
 * a kind and its facts, so the sentence is built here.
 */
export function notificationText(t: Translate, fmt: Formatter, n: Notification): string {
  const quoted = (title: string | null) =>
    title ? t('notifications.quoted', { title }) : t('notifications.aThread');
  const forum = n.data.forumName ?? '';
  switch (n.kind) {
    case 'voteOpened':
      return t('notifications.kind.voteOpened', {
        proposal: quoted(n.data.proposalTitle),
        forum,
        version: n.data.versionNumber,
        closesAt: fmt.dateTime(n.data.closesAt),
      });
    case 'voteClosed':
      return t(
        n.data.outcome === 'adopted'
          ? 'notifications.kind.voteClosed.adopted'
          : 'notifications.kind.voteClosed.notAdopted',
        {
          proposal: quoted(n.data.proposalTitle),
          yes: fmt.number(n.data.yes),
          no: fmt.number(n.data.no),
          abstain: fmt.number(n.data.abstain),
        },
      );
    case 'escalationAnswered':
      return t('notifications.kind.escalationAnswered', {
        who: n.data.answeredBy ?? t('notifications.theMunicipality'),
        proposal: quoted(n.data.proposalTitle),
        status: t(`notifications.answerStatus.${n.data.status}`),
      });
    case 'reply':
      return t(`notifications.kind.reply.${n.data.to}`, {
        who: n.data.authorName ?? t('notifications.someone'),
        thread: quoted(n.data.debateTitle),
      });
    case 'postHidden':
      return t(`notifications.kind.postHidden.${n.data.post.kind}`, {
        thread: quoted(n.data.debateTitle),
      });
    case 'reportCreated':
      return t('notifications.kind.reportCreated', { thread: quoted(n.data.debateTitle), forum });
    case 'escalationReceived':
      return n.data.handedOverBy
        ? t('notifications.kind.escalationHandedOver', {
            who: n.data.handedOverBy,
            proposal: quoted(n.data.proposalTitle),
            forum,
            due: fmt.date(n.data.answerDueAt),
          })
        : t('notifications.kind.escalationReceived', {
            proposal: quoted(n.data.proposalTitle),
            forum,
            due: fmt.date(n.data.answerDueAt),
          });
    case 'escalationDueSoon':
      return t('notifications.kind.escalationDueSoon', {
        proposal: quoted(n.data.proposalTitle),
        forum: n.data.forumName,
        due: fmt.dateTime(n.data.answerDueAt),
      });
    case 'requestReceived':
      return n.data.handedOverBy
        ? t('notifications.kind.requestHandedOver', {
            who: n.data.handedOverBy,
            from: n.data.fromName,
            request: quoted(n.data.subject),
          })
        : t('notifications.kind.requestReceived', {
            from: n.data.fromName,
            request: quoted(n.data.subject),
          });
    case 'requestUpdated':
      return t(`notifications.kind.requestUpdated.${n.data.change}`, {
        who: n.data.byName ?? t('notifications.someone'),
        request: quoted(n.data.subject),
        status: t(`requests.statuses.${n.data.status}`),
      });
    case 'poolApplication':
      return t('notifications.kind.poolApplication', {
        pool: n.data.poolName,
        proposal: quoted(n.data.proposalTitle),
        status: t(`application.status.${n.data.status}`).toLocaleLowerCase(),
      });
    case 'grantRefused':
      return t('notifications.kind.grantRefused', {
        proposal: quoted(n.data.proposalTitle),
        amount: fmt.dkk(n.data.amountDkk),
        available: fmt.dkk(n.data.availableDkk),
        year: n.data.budgetYear,
      });
  }
}
