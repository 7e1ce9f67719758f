import { describe, expect, it } from 'vitest';
import {
  danishDate,
  type PoolRules,
  requestedAmount,
  roundIsOpen,
  ruleProblem,
} from './pool-rules.js';
import { ApplyBody, GrantBody } from './pools.js';

const open: PoolRules = {
  minPerApplicationDkk: null,
  maxPerApplicationDkk: 50000,
  deadline: null,
  excludedAreas: ['holbaek'],
  requirements: [],
  volunteerHourRateDkk: 100,
  closedAt: null,
};
const now = new Date('2026-06-15T10:00:00Z');
const application = (amountDkk: number, extra = {}) => ({
  lines: [{ amountDkk }],
  ownFundingDkk: 0,
  volunteerHours: 0,
  areaSlug: 'jyderup',
  declarations: [],
  ...extra,
});

describe('requestedAmount', () => {
  it('is the total less own funding and volunteer hours at the rate', () => {
    const budget = { lines: [{ amountDkk: 20000 }, { amountDkk: 10000 }], ownFundingDkk: 5000 };
    expect(requestedAmount({ ...budget, volunteerHours: 50 }, 100)).toBe(20000);
    // A pool that does not count hours asks for the rest.
    expect(requestedAmount({ ...budget, volunteerHours: 50 }, 0)).toBe(25000);
  });
});

describe('the deadline', () => {
  it('is read as the date in Denmark', () => {
    expect(danishDate(new Date('2026-03-01T22:59:59Z'))).toEqual({ year: 2026, monthDay: '03-01' });
    expect(danishDate(new Date('2026-03-01T23:00:00Z'))).toEqual({ year: 2026, monthDay: '03-02' });
    // Summer time: UTC+2.
    expect(danishDate(new Date('2026-07-31T22:30:00Z')).monthDay).toBe('08-01');
  });

  it('keeps the round open until the end of its day, and again from 1 January', () => {
    expect(roundIsOpen('03-01', new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(roundIsOpen('03-01', new Date('2026-03-01T22:59:00Z'))).toBe(true);
    expect(roundIsOpen('03-01', new Date('2026-03-01T23:00:00Z'))).toBe(false);
    expect(roundIsOpen('03-01', new Date('2026-12-31T22:59:00Z'))).toBe(false);
    expect(roundIsOpen('03-01', new Date('2026-12-31T23:00:00Z'))).toBe(true);
    expect(roundIsOpen(null, new Date('2026-12-31T12:00:00Z'))).toBe(true);
  });
});

describe('ruleProblem', () => {
  it('accepts an application within the rules', () => {
    expect(ruleProblem(open, application(50000), now)).toBeNull();
  });

  it('names the limit an amount breaks', () => {
    expect(ruleProblem(open, application(50001), now)).toMatchObject({
      kind: 'aboveMaximum',
      status: 400,
      message: expect.stringContaining('højst 50.000 kr.') as string,
    });
    const floor = { ...open, minPerApplicationDkk: 50000, maxPerApplicationDkk: null };
    expect(ruleProblem(floor, application(49999), now)?.kind).toBe('belowMinimum');
    // Volunteer hours bring the amount asked for under the maximum.
    expect(ruleProblem(open, application(60000, { volunteerHours: 100 }), now)).toBeNull();
    expect(ruleProblem(open, application(1000, { ownFundingDkk: 1000 }), now)?.kind).toBe(
      'notPositive',
    );
    expect(ruleProblem(open, application(1000, { ownFundingDkk: 1001 }), now)?.kind).toBe(
      'ownFundingTooLarge',
    );
  });

  it('puts a closed pool and a passed deadline before anything else', () => {
    const closed = { ...open, closedAt: '2021-12-31T23:00:00Z' };
    expect(ruleProblem(closed, application(99999999), now)).toMatchObject({
      kind: 'closed',
      status: 409,
    });
    const annual = { ...open, deadline: '03-01' };
    expect(ruleProblem(annual, application(1000), now)).toMatchObject({
      kind: 'deadlinePassed',
      status: 409,
      message: expect.stringContaining('1/3 2026') as string,
    });
    // A closing date in the future has not closed the pool yet.
    expect(
      ruleProblem({ ...open, closedAt: '2030-01-01T00:00:00Z' }, application(1), now),
    ).toBeNull();
  });

  it('refuses an excluded area and a missing declaration', () => {
    expect(ruleProblem(open, application(1000, { areaSlug: 'holbaek' }), now)).toMatchObject({
      kind: 'areaExcluded',
      status: 403,
    });
    const owners = { ...open, requirements: ['buildingOwner' as const] };
    expect(ruleProblem(owners, application(1000), now)?.kind).toBe('undeclared');
    expect(
      ruleProblem(owners, application(1000, { declarations: ['buildingOwner'] }), now),
    ).toBeNull();
  });
});

describe('amounts in bodies', () => {
  const body = (amountDkk: unknown) => ({
    proposalId: '00000000-0000-4000-8000-000000000001',
    title: 'T',
    text: 'Tekst',
    lines: [{ description: 'Post', amountDkk }],
  });

  it('are whole kroner sent as numbers, within range', () => {
    expect(ApplyBody.safeParse(body(100)).success).toBe(true);
    for (const bad of ['100', -1, 1.5, 1e12, Number.NaN, null, true]) {
      expect(ApplyBody.safeParse(body(bad)).success, String(bad)).toBe(false);
    }
    expect(GrantBody.safeParse({ grantedDkk: 0 }).success).toBe(false);
    expect(GrantBody.safeParse({ grantedDkk: 1 }).success).toBe(true);
  });
});
