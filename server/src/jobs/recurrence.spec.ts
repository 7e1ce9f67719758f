import { describe, expect, it } from 'vitest';
import { nextOccurrence } from './recurrence';

const at = (iso: string) => new Date(iso);

describe('nextOccurrence', () => {
  it('runs every minute on the minute, never at the moment it is asked', () => {
    expect(nextOccurrence({ kind: 'every', seconds: 60 }, at('2026-12-02T13:04:59.999Z'))).toEqual(
      at('2026-12-02T13:05:00.000Z'),
    );
    expect(nextOccurrence({ kind: 'every', seconds: 60 }, at('2026-12-02T13:05:00.000Z'))).toEqual(
      at('2026-12-02T13:06:00.000Z'),
    );
  });

  it('keeps a daily time on Danish clocks in winter and in summer', () => {
    const digest = { kind: 'daily', hour: 7, minute: 0 } as const;
    // Winter: UTC+1.
    expect(nextOccurrence(digest, at('2026-12-02T05:00:00Z'))).toEqual(at('2026-12-02T06:00:00Z'));
    expect(nextOccurrence(digest, at('2026-12-02T06:00:00Z'))).toEqual(at('2026-12-03T06:00:00Z'));
    // Summer: UTC+2.
    expect(nextOccurrence(digest, at('2026-07-01T12:00:00Z'))).toEqual(at('2026-07-02T05:00:00Z'));
  });

  it('moves with the clocks on the nights summer time begins and ends', () => {
    const reminders = { kind: 'daily', hour: 6, minute: 30 } as const;
    // 29 March 2026: the clocks go from 02:00 to 03:00.
    expect(nextOccurrence(reminders, at('2026-03-28T22:00:00Z'))).toEqual(
      at('2026-03-29T04:30:00Z'),
    );
    // 25 October 2026: from 03:00 back to 02:00.
    expect(nextOccurrence(reminders, at('2026-10-24T22:00:00Z'))).toEqual(
      at('2026-10-25T05:30:00Z'),
    );
    // Across the end of a month and a year.
    expect(nextOccurrence(reminders, at('2026-12-31T06:00:00Z'))).toEqual(
      at('2027-01-01T05:30:00Z'),
    );
  });
});
