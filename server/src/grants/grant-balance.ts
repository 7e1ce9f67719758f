import { DANISH_TIME_ZONE } from '../jobs/recurrence';

/** One budget year's sums of ledger entries, by kind (whole kroner). */
export interface YearSums {
  year: number;
  grants: number;
  commitments: number;
  payments: number;
  releases: number;
}

/** A year's figures, every one derived from entries (nothing here is ever stored). */
export interface BudgetFigures {
  grantDkk: number;
  carriedOverDkk: number;
  committedDkk: number;
  spentDkk: number;
  availableDkk: number;
}

/** What a year adds to the money left: its grant, less what it committed, plus what it released. */
const leftBy = (s: YearSums) => s.grants - s.commitments + s.releases;

/**
 * The budget of `year`:
 * - grant = the year's grant entry;
 * - carried over = Σ (grants − commitments + releases) of every earlier year
 *   when the forum carries unspent money over, else 0;
 * - committed = the year's commitments − their payments − their releases
 *   (what is promised and not yet paid);
 * - spent = the payments on the year's commitments;
 * - available = carried over + grant − committed − spent.
 * Payments and releases count in their commitment's year.
 */
export function budgetFigures(sums: YearSums[], year: number, carryOver: boolean): BudgetFigures {
  const none: YearSums = { year, grants: 0, commitments: 0, payments: 0, releases: 0 };
  const current = sums.find((s) => s.year === year) ?? none;
  const carriedOverDkk = carryOver
    ? sums.filter((s) => s.year < year).reduce((sum, s) => sum + leftBy(s), 0)
    : 0;
  const committedDkk = current.commitments - current.payments - current.releases;
  const spentDkk = current.payments;
  return {
    grantDkk: current.grants,
    carriedOverDkk,
    committedDkk,
    spentDkk,
    availableDkk: carriedOverDkk + current.grants - committedDkk - spentDkk,
  };
}

/** Year and date on Danish clocks: a grant year starts at midnight on 1 January in Denmark. */
export function danishDate(at: Date): { year: number; date: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: DANISH_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: Number(part('year')), date: `${part('year')}-${part('month')}-${part('day')}` };
}

/** Whole kroner as Danes write them: 30.000 kr. */
export function kroner(amount: number): string {
  return `${amount.toLocaleString('da-DK')} kr.`;
}
