/**
 * Wall-clock times in Holbæk for `<input type="datetime-local">`, which has
 * no time zone: people pick a Danish time, whichever zone their device or the
 * server is in.
 */
const ZONE = 'Europe/Copenhagen';
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Danish wall-clock time of an instant, as `YYYY-MM-DDTHH:MM`. */
export function toLocalInput(at: Date): string {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `YYYY-MM-DDTHH:MM` read as if it were UTC, or null when it is no real date and time. */
function asUtc(local: string): number | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return null;
  const at = Date.UTC(year, month - 1, day, hour, minute);
  return new Date(at).getUTCDate() === day ? at : null;
}

/**
 * The instant a Danish wall-clock time `YYYY-MM-DDTHH:MM` names, or null when
 * it is no such time. (In the hour skipped in spring, the later reading.)
 */
export function fromLocalInput(value: string): Date | null {
  const wanted = asUtc(value);
  if (wanted === null) return null;
  // The zone's offset near that moment, applied twice to settle across a change of offset.
  let at = wanted;
  for (let i = 0; i < 2; i += 1) {
    const shown = asUtc(toLocalInput(new Date(at))) ?? at;
    at = wanted - (shown - at);
  }
  return new Date(at);
}
