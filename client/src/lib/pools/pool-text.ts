import type { Pool } from '@lokalforum/protocol';
import type { Formatter, MessageKey, Translate } from '$lib/i18n';

/** "1. marts" / "1 March" for a `MM-DD` deadline. */
export function deadlineText(t: Translate, deadline: string): string {
  const [month = '01', day = '1'] = deadline.split('-');
  return t('pools.deadlineDate', {
    day: Number(day),
    month: t(`pools.month.${month}` as MessageKey),
  });
}

/** Whether a pool takes applications, is past this year's deadline, or is closed. */
export function poolStatus(pool: Pool): 'open' | 'deadlinePassed' | 'closed' {
  if (pool.acceptsApplications) return 'open';
  return pool.closedAt !== null && Date.parse(pool.closedAt) <= Date.now()
    ? 'closed'
    : 'deadlinePassed';
}

/** The pool's rules as sentences, in the order a person weighs them. */
export function ruleLines(
  t: Translate,
  fmt: Formatter,
  pool: Pool,
  areaName: (slug: string) => string,
): string[] {
  const lines: string[] = [];
  if (pool.maxPerApplicationDkk !== null) {
    lines.push(t('pools.rule.max', { amount: fmt.dkk(pool.maxPerApplicationDkk) }));
  }
  if (pool.minPerApplicationDkk !== null) {
    lines.push(t('pools.rule.min', { amount: fmt.dkk(pool.minPerApplicationDkk) }));
  }
  if (pool.annualDkk !== null) {
    lines.push(t('pools.rule.annual', { amount: fmt.dkk(pool.annualDkk) }));
  }
  lines.push(
    pool.deadline === null
      ? t('pools.rule.allYear')
      : t('pools.rule.deadline', { date: deadlineText(t, pool.deadline) }),
  );
  if (pool.excludedAreas.length > 0) {
    lines.push(t('pools.rule.excluded', { areas: fmt.list(pool.excludedAreas.map(areaName)) }));
  }
  if (pool.volunteerHourRateDkk > 0) {
    lines.push(t('pools.rule.volunteer', { amount: fmt.dkk(pool.volunteerHourRateDkk) }));
  }
  for (const requirement of pool.requirements) {
    lines.push(t(`pools.rule.requirement.${requirement}`));
  }
  return lines;
}

/** "Kørte 2018–2021" for a closed pool with its first year. */
export function ranText(t: Translate, fmt: Formatter, pool: Pool): string | null {
  if (pool.closedAt === null) return null;
  // Closed at midnight into a new year: the last year it ran is the one before.
  const lastYear = new Date(Date.parse(pool.closedAt) - 1).getUTCFullYear();
  return pool.openedYear !== null
    ? t('pools.ran', { from: pool.openedYear, to: lastYear })
    : t('pools.closedSince', { date: fmt.date(pool.closedAt) });
}
