import { describe, expect, it } from 'vitest';
import { annualGrant } from './grant';

describe('annualGrant', () => {
  it('matches the two known grants (Jyderup about 30,000 kr., Orø 16,000 kr.)', () => {
    expect(annualGrant(12500, 3.5, 4924)).toBe(29734);
    expect(annualGrant(12500, 3.5, 867)).toBe(15535);
  });

  it('is unknown without a population', () => {
    expect(annualGrant(12500, 3.5, null)).toBeNull();
  });
});
