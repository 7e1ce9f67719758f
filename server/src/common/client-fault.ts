import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

const logger = new Logger('ClientFault');

/** body-parser's and Express's own request errors (http-errors) a client caused. */
interface ExposedHttpError {
  status: number;
  expose: true;
  type?: unknown;
}

function isExposedHttpError(err: unknown): err is ExposedHttpError {
  if (typeof err !== 'object' || err === null) return false;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function sqlState(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The last line of defence: an error that is not a DomainError but was caused
 * by what the client sent, as the 4xx it is, or null for a real server
 * failure. Validation should catch such input first, so each one is logged as
 * a gap to close.
 *
 * - PostgreSQL class 22 (data exception: a NUL or invalid UTF-8 in text, a
 *   date out of range, a malformed uuid) → 400
 * - class 23 (integrity constraint: a unique key or reference that changed
 *   under a concurrent request) → 409
 * - body-parser / Express request errors (unsupported charset or encoding,
 *   aborted upload) → their own 4xx
 */
export function clientFault(err: unknown): DomainError | null {
  const state = sqlState(err);
  if (state?.startsWith('22')) {
    logger.warn(`Input reached PostgreSQL unvalidated (${state}): ${(err as Error).message}`);
    return new DomainError(400, 'validation_failed', 'Data i forespørgslen kan ikke gemmes');
  }
  if (state?.startsWith('23')) {
    logger.warn(`Constraint refused a request (${state}): ${(err as Error).message}`);
    return new DomainError(409, 'conflict', 'Det stødte sammen med en anden ændring. Prøv igen.');
  }
  if (isExposedHttpError(err)) {
    const message =
      err.type === 'charset.unsupported' || err.type === 'encoding.unsupported'
        ? 'Send forespørgslen som JSON i UTF-8 uden anden kodning'
        : 'Forespørgslen kunne ikke læses';
    return new DomainError(err.status, 'validation_failed', message);
  }
  return null;
}
