import { Logger } from '@nestjs/common';
import type { AckError } from '@lokalforum/protocol';
import type { z } from 'zod';
import { clientFault } from '../common/client-fault';
import { DomainError } from '../common/domain-error';
import { validationFailed } from '../common/zod-validation';

const logger = new Logger('Realtime');

/** The `{ ok: false, error }` answer for anything a command handler throws. */
export function ackError(err: unknown): AckError {
  err = clientFault(err) ?? err;
  if (err instanceof DomainError) {
    return {
      ok: false,
      error: {
        code: err.code,
        message: err.message,
        ...(err.issues ? { issues: err.issues } : {}),
      },
    };
  }
  logger.error('A realtime command failed', err);
  return { ok: false, error: { code: 'internal', message: 'Der skete en fejl på serveren' } };
}

type Listen = (event: string, listener: (...args: unknown[]) => void) => unknown;

/**
 * Listens for one command: exactly one payload and an acknowledgement callback.
 * The payload is parsed with its schema before `handle` sees it; whatever
 * happens, the callback is answered once. Without a callback nobody would
 * hear the answer, so the command is ignored.
 */
export function onCommand<S extends z.ZodType, R extends object>(
  socket: { on: unknown },
  name: string,
  schema: S,
  handle: (payload: z.output<S>) => Promise<R>,
): void {
  (socket.on as Listen).call(socket, name, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const respond = ack as (result: ({ ok: true } & R) | AckError) => void;
    if (args.length !== 2) {
      respond(ackError(new DomainError(400, 'validation_failed', 'Send ét objekt som data')));
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      respond(ackError(validationFailed(parsed.error)));
      return;
    }
    handle(parsed.data).then(
      (result) => respond({ ok: true, ...result }),
      (err: unknown) => respond(ackError(err)),
    );
  });
}
