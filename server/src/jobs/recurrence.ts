/**
 * When a recurring job runs: every so many seconds (on the clock: every 60
 * seconds is on the minute), or every day at a time of day on
 * Danish clocks (so the morning digest stays at 07:00 across summer time).
 *
 * Computed here with `Intl` rather than by pg-boss's cron: its cron check
 * evaluated every schedule with a time zone every 30 seconds, taking 10–30 ms
 * of the event loop each time (cron-parser walking minute by minute through
 * luxon) — a stall every editor and voter felt.
 */
export type Recurrence =
  | { kind: 'every'; seconds: number }
  | { kind: 'daily'; hour: number; minute: number; timeZone?: string };

export const DANISH_TIME_ZONE = 'Europe/Copenhagen';

/** The first moment of `recurrence` strictly after `after`. */
export function nextOccurrence(recurrence: Recurrence, after: Date): Date {
  if (recurrence.kind === 'every') {
    const step = recurrence.seconds * 1000;
    return new Date((Math.floor(after.getTime() / step) + 1) * step);
  }
  const timeZone = recurrence.timeZone ?? DANISH_TIME_ZONE;
  const { year, month, day } = wallClock(after.getTime(), timeZone);
  for (let days = 0; ; days++) {
    const at = zonedTime(timeZone, year, month, day + days, recurrence.hour, recurrence.minute);
    if (at > after.getTime()) return new Date(at);
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** What a clock in `timeZone` shows at the moment `time`. */
function wallClock(time: number, timeZone: string): WallClock {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(time)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far `timeZone`'s clocks are ahead of UTC at the moment `time`, in ms. */
function offsetAt(time: number, timeZone: string): number {
  const c = wallClock(time, timeZone);
  const shown = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return shown - Math.floor(time / 1000) * 1000;
}

/** The moment `timeZone`'s clocks show the given time (days past the month's end roll over). */
function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const guess = asUtc - offsetAt(asUtc, timeZone);
  // Across a change of summer time the offset at the answer can differ from the first guess's.
  return asUtc - offsetAt(guess, timeZone);
}
