/*
 * The zod-free rules of municipal pools (puljer), shared by the server, which
 * enforces them, and the web app, which shows them (`./browser`).
 */

/**
 * An application's steps: modtaget → under behandling → bevilget (perhaps a
 * smaller amount) / afslået med begrundelse → udbetalt → afrapporteret.
 */
export const applicationStatuses = [
  'received',
  'under_review',
  'granted',
  'declined',
  'paid',
  'reported',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** The steps after submission, by the status each one needs and the one it leaves. */
export const applicationSteps = {
  review: { from: 'received', to: 'under_review' },
  grant: { from: 'under_review', to: 'granted' },
  decline: { from: 'under_review', to: 'declined' },
  pay: { from: 'granted', to: 'paid' },
  report: { from: 'paid', to: 'reported' },
} as const satisfies Record<string, { from: ApplicationStatus; to: ApplicationStatus }>;
export type ApplicationStep = keyof typeof applicationSteps;
export const applicationStepNames = Object.keys(applicationSteps) as ApplicationStep[];

/** Municipal staff take the money steps; the forum's side writes what came of it. */
export const stepTakenBy: Record<ApplicationStep, 'staff' | 'applicantSide'> = {
  review: 'staff',
  grant: 'staff',
  decline: 'staff',
  pay: 'staff',
  report: 'applicantSide',
};

/**
 * What an applicant must declare for a pool: having talked with the area's
 * fælles-skaber (Fællesskabspuljen), or owning the building (Landsbyfornyelse).
 */
export const poolRequirements = ['coCreatorDialogue', 'buildingOwner'] as const;
export type PoolRequirement = (typeof poolRequirements)[number];

/** The rules of a pool an application is checked against. */
export interface PoolRules {
  minPerApplicationDkk: number | null;
  maxPerApplicationDkk: number | null;
  /** `MM-DD`: each calendar year's round closes at the end of this day, Danish time. Null: open all year. */
  deadline: string | null;
  /** Areas (slugs) whose forums may not apply. */
  excludedAreas: string[];
  requirements: PoolRequirement[];
  /** Kroner one volunteer hour counts for toward own funding; 0: hours are not counted. */
  volunteerHourRateDkk: number;
  closedAt: string | null;
}

/** The money side of an application. */
export interface ApplicationBudget {
  lines: { amountDkk: number }[];
  ownFundingDkk: number;
  volunteerHours: number;
}

/** The budget's total: the sum of its lines. */
export function budgetTotal(budget: Pick<ApplicationBudget, 'lines'>): number {
  return budget.lines.reduce((sum, line) => sum + line.amountDkk, 0);
}

/**
 * What is asked of the pool: the budget's total less own funding and less the
 * volunteer hours at the pool's rate. The applicant does not type it, so it
 * can never disagree with the budget.
 */
export function requestedAmount(budget: ApplicationBudget, volunteerHourRateDkk: number): number {
  return budgetTotal(budget) - budget.ownFundingDkk - budget.volunteerHours * volunteerHourRateDkk;
}

const copenhagenDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Denmark at `now`: `{ year: 2026, monthDay: '03-01' }`. */
export function danishDate(now: Date): { year: number; monthDay: string } {
  const parts = Object.fromEntries(
    copenhagenDate.formatToParts(now).map((part) => [part.type, part.value]),
  );
  return { year: Number(parts.year), monthDay: `${parts.month}-${parts.day}` };
}

/** Whether an annual round takes applications at `now`: from 1 January to the end of its deadline day. */
export function roundIsOpen(deadline: string | null, now: Date): boolean {
  if (deadline === null) return true;
  return danishDate(now).monthDay <= deadline;
}

/** Why an application breaks a pool's rules, with the HTTP status the server answers. */
export type RuleProblem =
  | { kind: 'closed' | 'deadlinePassed'; status: 409; message: string }
  | { kind: 'areaExcluded'; status: 403; message: string }
  | {
      kind: 'notPositive' | 'belowMinimum' | 'aboveMaximum' | 'ownFundingTooLarge' | 'undeclared';
      status: 400;
      path: string;
      message: string;
    };

const kr = (amount: number) => `${amount.toLocaleString('da-DK')} kr.`;

/**
 * The first rule an application breaks, or null. In order: the pool is
 * closed, the round's deadline has passed, the forum's area may not apply,
 * then the amount asked for, then the declarations.
 */
export function ruleProblem(
  pool: PoolRules,
  application: ApplicationBudget & { areaSlug: string; declarations: PoolRequirement[] },
  now: Date,
): RuleProblem | null {
  if (pool.closedAt !== null && Date.parse(pool.closedAt) <= now.getTime()) {
    return {
      kind: 'closed',
      status: 409,
      message: 'Puljen er lukket og tager ikke imod ansøgninger',
    };
  }
  if (!roundIsOpen(pool.deadline, now)) {
    const [month, day] = (pool.deadline ?? '').split('-').map(Number);
    return {
      kind: 'deadlinePassed',
      status: 409,
      message: `Ansøgningsfristen ${day}/${month} ${danishDate(now).year} er overskredet; næste runde åbner 1. januar`,
    };
  }
  if (pool.excludedAreas.includes(application.areaSlug)) {
    return {
      kind: 'areaExcluded',
      status: 403,
      message: 'Lokalområdet kan ikke søge denne pulje (puljen er for andre områder)',
    };
  }
  const requested = requestedAmount(application, pool.volunteerHourRateDkk);
  if (application.ownFundingDkk > budgetTotal(application)) {
    return {
      kind: 'ownFundingTooLarge',
      status: 400,
      path: 'ownFundingDkk',
      message: 'Egenfinansieringen kan ikke være større end budgettets total',
    };
  }
  if (requested < 1) {
    return {
      kind: 'notPositive',
      status: 400,
      path: 'lines',
      message: `Der søges ${kr(requested)}: budgettet skal være større end egenfinansiering og frivillige timer`,
    };
  }
  if (pool.minPerApplicationDkk !== null && requested < pool.minPerApplicationDkk) {
    return {
      kind: 'belowMinimum',
      status: 400,
      path: 'lines',
      message: `Der søges ${kr(requested)}; puljen giver mindst ${kr(pool.minPerApplicationDkk)} pr. ansøgning`,
    };
  }
  if (pool.maxPerApplicationDkk !== null && requested > pool.maxPerApplicationDkk) {
    return {
      kind: 'aboveMaximum',
      status: 400,
      path: 'lines',
      message: `Der søges ${kr(requested)}; puljen giver højst ${kr(pool.maxPerApplicationDkk)} pr. ansøgning`,
    };
  }
  const missing = pool.requirements.find((r) => !application.declarations.includes(r));
  if (missing) {
    return {
      kind: 'undeclared',
      status: 400,
      path: 'declarations',
      message:
        missing === 'buildingOwner'
          ? 'Puljen kan kun søges af bygningens ejer: bekræft, at du ejer bygningen'
          : 'Puljen søges i dialog med områdets fælles-skaber: bekræft, at I har talt med hende eller ham',
    };
  }
  return null;
}
