import type { ErrorCode } from '@lokalforum/protocol';

/** An expected failure with an HTTP status and a message a person can read. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new DomainError(404, 'not_found', message);
export const conflict = (message: string) => new DomainError(409, 'conflict', message);
export const forbidden = (message: string) => new DomainError(403, 'forbidden', message);
export const unauthenticated = (message = 'Du skal være logget ind') =>
  new DomainError(401, 'unauthenticated', message);
