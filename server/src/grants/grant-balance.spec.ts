import { describe, expect, it } from 'vitest';
import { budgetFigures, danishDate, kroner } from './grant-balance';

const year = (y: number, grants: number, commitments = 0, payments = 0, releases = 0) => ({
  year: y,
  grants,
  commitments,
  payments,
  releases,
});

describe('budgetFigures', () => {
  it('derives committed, spent and available from the entries of the year', () => {
    expect(budgetFigures([year(2026, 50_000, 30_000, 12_000, 3_000)], 2026, true)).toEqual({
      grantDkk: 50_000,
      carriedOverDkk: 0,
      committedDkk: 15_000,
      spentDkk: 12_000,
      availableDkk: 23_000,
    });
  });

  it('carries over what earlier years left, released money included', () => {
    const sums = [
      year(2024, 10_000, 10_000, 6_000, 4_000),
      year(2025, 10_000, 2_000),
      year(2026, 10_000),
    ];
    expect(budgetFigures(sums, 2026, true)).toMatchObject({
      carriedOverDkk: 4_000 + 8_000,
      availableDkk: 22_000,
    });
  });

  it('carries nothing over when the forum does not', () => {
    const sums = [year(2025, 10_000), year(2026, 10_000, 1_000)];
    expect(budgetFigures(sums, 2026, false)).toMatchObject({
      carriedOverDkk: 0,
      availableDkk: 9_000,
    });
  });

  it('is all zero for a year without entries', () => {
    expect(budgetFigures([], 2030, true)).toEqual({
      grantDkk: 0,
      carriedOverDkk: 0,
      committedDkk: 0,
      spentDkk: 0,
      availableDkk: 0,
    });
  });
});

describe('danishDate', () => {
  it('starts the new year at midnight in Denmark, an hour before UTC does', () => {
    expect(danishDate(new Date('2025-12-31T23:30:00Z'))).toEqual({
      year: 2026,
      date: '2026-01-01',
    });
    expect(danishDate(new Date('2025-12-31T22:30:00Z'))).toEqual({
      year: 2025,
      date: '2025-12-31',
    });
  });
});

it('writes kroner the Danish way', () => {
  expect(kroner(30_000)).toBe('30.000 kr.');
});
