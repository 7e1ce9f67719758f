import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time';

describe('Danish wall-clock times', () => {
  it('reads winter and summer times in Copenhagen', () => {
    expect(fromLocalInput('2026-12-24T12:00')?.toISOString()).toBe('2026-12-24T11:00:00.000Z');
    expect(fromLocalInput('2026-07-01T08:30')?.toISOString()).toBe('2026-07-01T06:30:00.000Z');
  });

  it('writes an instant as the time it is in Copenhagen', () => {
    expect(toLocalInput(new Date('2026-12-24T11:00:00Z'))).toBe('2026-12-24T12:00');
    expect(toLocalInput(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30');
  });

  it('round-trips, and refuses what is no time', () => {
    const at = new Date('2026-03-10T15:45:00Z');
    expect(fromLocalInput(toLocalInput(at))?.toISOString()).toBe(at.toISOString());
    for (const bad of [
      '',
      'tomorrow',
      '2026-02-30T12:00',
      '2026-01-01T24:00',
      '2026-01-01 12:00',
    ]) {
      expect(fromLocalInput(bad), bad).toBeNull();
    }
  });
});
