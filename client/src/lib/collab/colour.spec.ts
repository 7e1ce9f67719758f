import { describe, expect, it } from 'vitest';
import { contrastRatio, hexToRgb, personColour } from './colour';

describe('personColour', () => {
  const ids = Array.from(
    { length: 500 },
    (_, i) =>
      `${i.toString(16).padStart(8, '0')}-1234-4abc-8def-${(i * 7919).toString(16).padStart(12, '0')}`,
  );

  it('is the same for the same person', () => {
    expect(personColour(ids[0]!)).toBe(personColour(ids[0]!));
    expect(personColour(ids[0]!)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives white label text at least 4.5:1 contrast, whatever the id', () => {
    for (const id of ids) {
      expect(contrastRatio(hexToRgb(personColour(id)), [255, 255, 255]), id).toBeGreaterThanOrEqual(
        4.5,
      );
    }
  });

  it('spreads people over many colours', () => {
    expect(new Set(ids.map(personColour)).size).toBeGreaterThan(100);
  });
});
