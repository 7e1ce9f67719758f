/**
 * Annual area grant (årligt områdetilskud): a base plus an amount per
 * inhabitant, rounded to whole kroner. The municipality's formula is not
 * published; both numbers are per-forum settings. Null when the area has no
 * published population.
 */
export function annualGrant(
  baseDkk: number,
  perInhabitantDkk: number,
  population: number | null,
): number | null {
  if (population === null) return null;
  return Math.round(baseDkk + perInhabitantDkk * population);
}
