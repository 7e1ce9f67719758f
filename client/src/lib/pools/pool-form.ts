import type { Pool, PoolRequirement } from '@lokalforum/protocol';

/** What the administrator's pool form holds, as typed (amounts as text). */
export interface PoolFormValues {
  slug: string;
  name: string;
  description: string;
  minPerApplicationDkk: string;
  maxPerApplicationDkk: string;
  annualDkk: string;
  deadline: string;
  volunteerHourRateDkk: string;
  openedYear: string;
  excludedAreas: string[];
  requirements: PoolRequirement[];
}

/** The rules a pool body carries (everything but the slug). */
export interface PoolRules {
  name: string;
  description: string;
  minPerApplicationDkk: number | null;
  maxPerApplicationDkk: number | null;
  annualDkk: number | null;
  deadline: string | null;
  volunteerHourRateDkk: number;
  openedYear: number | null;
  excludedAreas: string[];
  requirements: PoolRequirement[];
}

const AMOUNTS = [
  'minPerApplicationDkk',
  'maxPerApplicationDkk',
  'annualDkk',
  'volunteerHourRateDkk',
  'openedYear',
] as const;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export function readPoolForm(form: FormData): PoolFormValues {
  return {
    slug: text(form, 'slug'),
    name: text(form, 'name'),
    description: text(form, 'description'),
    minPerApplicationDkk: text(form, 'minPerApplicationDkk'),
    maxPerApplicationDkk: text(form, 'maxPerApplicationDkk'),
    annualDkk: text(form, 'annualDkk'),
    deadline: text(form, 'deadline'),
    volunteerHourRateDkk: text(form, 'volunteerHourRateDkk'),
    openedYear: text(form, 'openedYear'),
    excludedAreas: form.getAll('excludedAreas').filter((v): v is string => typeof v === 'string'),
    requirements: form
      .getAll('requirements')
      .filter((v): v is PoolRequirement => v === 'coCreatorDialogue' || v === 'buildingOwner'),
  };
}

/**
 * The rules as the API takes them, or the fields that are not whole numbers.
 * Amounts may be written with dots or spaces between thousands ("50.000");
 * an empty amount means "no limit" (the hour rate: 0).
 */
export function poolRules(
  v: PoolFormValues,
): { ok: true; rules: PoolRules } | { ok: false; fields: string[] } {
  const numbers: Partial<Record<(typeof AMOUNTS)[number], number | null>> = {};
  const bad: string[] = [];
  for (const name of AMOUNTS) {
    const raw = v[name].replace(/[.\s]/g, '');
    if (raw === '') numbers[name] = null;
    else if (/^[0-9]{1,10}$/.test(raw)) numbers[name] = Number(raw);
    else bad.push(name);
  }
  if (bad.length > 0) return { ok: false, fields: bad };
  return {
    ok: true,
    rules: {
      name: v.name,
      description: v.description,
      minPerApplicationDkk: numbers.minPerApplicationDkk ?? null,
      maxPerApplicationDkk: numbers.maxPerApplicationDkk ?? null,
      annualDkk: numbers.annualDkk ?? null,
      deadline: v.deadline === '' ? null : v.deadline,
      volunteerHourRateDkk: numbers.volunteerHourRateDkk ?? 0,
      openedYear: numbers.openedYear ?? null,
      excludedAreas: v.excludedAreas,
      requirements: v.requirements,
    },
  };
}

/** A stored pool as the form shows it. */
export function poolFormValues(pool: Pool): PoolFormValues {
  const amount = (n: number | null) => (n === null ? '' : String(n));
  return {
    slug: pool.slug,
    name: pool.name,
    description: pool.description,
    minPerApplicationDkk: amount(pool.minPerApplicationDkk),
    maxPerApplicationDkk: amount(pool.maxPerApplicationDkk),
    annualDkk: amount(pool.annualDkk),
    deadline: pool.deadline ?? '',
    volunteerHourRateDkk: amount(pool.volunteerHourRateDkk),
    openedYear: amount(pool.openedYear),
    excludedAreas: pool.excludedAreas,
    requirements: pool.requirements,
  };
}

export const emptyPoolForm = (): PoolFormValues => ({
  slug: '',
  name: '',
  description: '',
  minPerApplicationDkk: '',
  maxPerApplicationDkk: '',
  annualDkk: '',
  deadline: '',
  volunteerHourRateDkk: '',
  openedYear: '',
  excludedAreas: [],
  requirements: [],
});
