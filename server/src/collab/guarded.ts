import type { Logger } from '@nestjs/common';

/**
 * Wraps a timer callback or event handler so nothing it throws, synchronously
 * or as a rejected promise, escapes to the event loop: in Node a throw there
 * stops the whole process.
 */
export function guarded<A extends unknown[]>(
  logger: Logger,
  what: string,
  handler: (...args: A) => unknown,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) {
        result.catch((err: unknown) => logger.error(`${what} failed`, err));
      }
    } catch (err) {
      logger.error(`${what} failed`, err);
    }
  };
}
