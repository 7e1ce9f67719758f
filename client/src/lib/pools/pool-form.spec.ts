import { describe, expect, it } from 'vitest';
import { emptyPoolForm, poolRules } from './pool-form';

describe('the pool form', () => {
  it('reads amounts written the Danish way, and empty ones as no limit', () => {
    const result = poolRules({
      ...emptyPoolForm(),
      name: 'Grøn pulje',
      maxPerApplicationDkk: '50.000',
      annualDkk: '1 000 000',
      deadline: '03-01',
    });
    expect(result).toMatchObject({
      ok: true,
      rules: {
        minPerApplicationDkk: null,
        maxPerApplicationDkk: 50000,
        annualDkk: 1000000,
        volunteerHourRateDkk: 0,
        deadline: '03-01',
      },
    });
  });

  it('names every field that is not a whole number', () => {
    expect(
      poolRules({ ...emptyPoolForm(), minPerApplicationDkk: '-5', volunteerHourRateDkk: '1,5' }),
    ).toEqual({ ok: false, fields: ['minPerApplicationDkk', 'volunteerHourRateDkk'] });
  });
});
