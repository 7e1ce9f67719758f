import { Uuid } from '@lokalforum/protocol';
import { DomainError } from '../common/domain-error';

/** A position in a forum's newest-activity order: where the next page starts. */
export interface DebateCursor {
  /** `last_activity_at` in UTC as PostgreSQL prints it, microsecond-exact. */
  activity: string;
  id: string;
}

const CURSOR = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?\|(.+)$/;

/** Opaque to clients: base64url of `<activity>|<id>`. */
export function encodeDebateCursor(cursor: DebateCursor): string {
  return Buffer.from(`${cursor.activity}|${cursor.id}`).toString('base64url');
}

/**
 * The position a cursor names. Checked in full here, so that a made-up one
 * (`9999-99-99`, a 30 February, an id of dashes) is a 400 and never reaches
 * PostgreSQL, which would refuse it only as the query runs.
 */
export function decodeDebateCursor(cursor: string): DebateCursor {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  const [, year, month, day, hour, minute, second, id] = match ?? [];
  if (
    !match ||
    !isRealMoment(
      Number(year),
      Number(month),
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
    ) ||
    !Uuid.safeParse(id).success
  ) {
    const message = 'Ugyldig side-markør';
    throw new DomainError(400, 'validation_failed', message, [{ path: 'cursor', message }]);
  }
  return { activity: match[0].slice(0, match[0].lastIndexOf('|')), id: id! };
}

function isRealMoment(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days && h < 24 && mi < 60 && s < 60;
}
