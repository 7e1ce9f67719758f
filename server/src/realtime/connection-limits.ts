import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AckError,
  REALTIME_MESSAGE_BURST,
  REALTIME_MESSAGES_PER_SECOND,
} from '@lokalforum/protocol';
import { RequestSource } from '../common/request-source';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HandshakeRefusal } from './handshake-auth';
import type { RealtimeSocket } from './rooms';

/**
 * What one client may hold and send on the realtime endpoint, so that no one
 * connection or address can keep the server busy for everyone else:
 *
 * - guests (no session) from one address: REALTIME_GUESTS_PER_ADDRESS
 *   connections at once on this node (signed-in people are accountable and
 *   are limited per person where it costs: catch-ups, posting);
 * - every connection: a token bucket of REALTIME_MESSAGE_BURST messages
 *   refilled at REALTIME_MESSAGES_PER_SECOND. The message that finds it empty
 *   is answered `rate_limited` and the connection is closed.
 */
@Injectable()
export class ConnectionLimits {
  private readonly logger = new Logger('ConnectionLimits');
  private readonly guests = new Map<string, number>();
  private readonly guestsPerAddress: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly source: RequestSource,
  ) {
    this.guestsPerAddress = config.realtime.guestsPerAddress;
  }

  /** Socket.IO middleware, after authentication (so it knows who is a guest). */
  readonly admit = (socket: RealtimeSocket, next: (err?: Error) => void): void => {
    if (socket.data.principal) return next();
    const address = this.source.clientAddress(socket.request);
    const held = this.guests.get(address) ?? 0;
    if (held >= this.guestsPerAddress) {
      const message =
        'Der er for mange forbindelser uden login fra din adresse. Luk nogle faner, eller log ind.';
      return next(new HandshakeRefusal(message, 'rate_limited'));
    }
    this.guests.set(address, held + 1);
    // The transport's close always comes, whether or not the connection completes.
    socket.conn.once('close', () => this.release(address));
    next();
  };

  /** Closes `socket` once it sends faster than its message bucket allows. */
  meter(socket: RealtimeSocket): void {
    let tokens = REALTIME_MESSAGE_BURST;
    let at = Date.now();
    socket.use((packet, next) => {
      const now = Date.now();
      tokens = Math.min(
        REALTIME_MESSAGE_BURST,
        tokens + ((now - at) / 1000) * REALTIME_MESSAGES_PER_SECOND,
      );
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return next();
      }
      const ack = packet[packet.length - 1] as unknown;
      if (typeof ack === 'function') (ack as (answer: AckError) => void)(flooding);
      this.logger.warn(`Closed a connection that sent too fast (${socket.id})`);
      socket.disconnect(true);
    });
  }

  private release(address: string): void {
    const held = (this.guests.get(address) ?? 1) - 1;
    if (held > 0) this.guests.set(address, held);
    else this.guests.delete(address);
  }
}

const flooding: AckError = {
  ok: false,
  error: {
    code: 'rate_limited',
    message: 'Forbindelsen sendte for mange beskeder på kort tid og er lukket. Genindlæs siden.',
  },
};
