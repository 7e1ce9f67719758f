import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import type { RedisConnection } from '../common/redis';
import { loadConfig } from '../config/config';
import { DomainEventBus } from './domain-event-bus';

/** One node without Redis: delivery is in-process. (Across nodes: the *-nodes e2e specs.) */
function singleNode(): DomainEventBus {
  return new DomainEventBus({ client: null } as RedisConnection, loadConfig({}));
}

const ended = { sessionId: 's', userId: 'u', reason: 'signedOut' } as const;

describe('DomainEventBus', () => {
  it('delivers to this node’s listeners at once, by name, until they stop listening', () => {
    const bus = singleNode();
    const heard: string[] = [];
    const stop = bus.on('session.ended', ({ sessionId }) => void heard.push(sessionId));
    bus.on('membership.ended', () => void heard.push('other event'));
    bus.publish('session.ended', ended);
    expect(heard).toEqual(['s']);
    stop();
    bus.publish('session.ended', ended);
    expect(heard).toEqual(['s']);
  });

  it('lets listeners still at work finish before the application shuts down', async () => {
    const bus = singleNode();
    let finished = false;
    bus.onLocal('session.ended', async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    bus.publish('session.ended', ended);
    expect(finished).toBe(false);
    await bus.beforeApplicationShutdown();
    expect(finished).toBe(true);
  });

  it('keeps a failing listener from the publisher and from the other listeners', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bus = singleNode();
    const heard: string[] = [];
    bus.on('session.ended', () => {
      throw new Error('sync failure');
    });
    bus.on('session.ended', () => Promise.reject(new Error('async failure')));
    bus.on('session.ended', () => void heard.push('still heard'));
    expect(() => bus.publish('session.ended', ended)).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['still heard']);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });
});
