import { describe, expect, it } from 'vitest';
import { ForumEventSequencer, type Sequenced } from './forum-event-sequencer';

const event = (forumId: string, seq: number): Sequenced => ({ forumId, event: { seq } });

/** A sequencer over an in-memory "database" of stored events. */
function setUp(stored: Sequenced[] = [], heads = new Map<string, number>()) {
  const delivered: string[] = [];
  const fetches: [string, number, number][] = [];
  const sequencer = new ForumEventSequencer<Sequenced>(
    {
      range: (forumId, after, upto) => {
        fetches.push([forumId, after, upto]);
        return Promise.resolve(
          stored.filter((e) => e.forumId === forumId && e.event.seq > after && e.event.seq <= upto),
        );
      },
    },
    (e) => delivered.push(`${e.forumId}:${e.event.seq}`),
    (err) => {
      throw err;
    },
  );
  sequencer.start(heads);
  return { sequencer, delivered, fetches };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ForumEventSequencer', () => {
  it('delivers events in order, once, per forum', () => {
    const { sequencer, delivered, fetches } = setUp();
    for (const e of [event('a', 1), event('b', 1), event('a', 2), event('a', 2), event('a', 1)]) {
      sequencer.receive(e);
    }
    expect(delivered).toEqual(['a:1', 'b:1', 'a:2']);
    expect(fetches).toEqual([]);
  });

  it('holds an early event back until the ones before it arrive', () => {
    const { sequencer, delivered } = setUp([event('a', 1), event('a', 2), event('a', 3)]);
    sequencer.receive(event('a', 3));
    sequencer.receive(event('a', 2));
    expect(delivered).toEqual([]);
    sequencer.receive(event('a', 1));
    expect(delivered).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('fills a gap from the database when the missing event does not come', async () => {
    const stored = [1, 2, 3, 4].map((s) => event('a', s));
    const { sequencer, delivered, fetches } = setUp(stored);
    sequencer.receive(event('a', 1));
    sequencer.receive(event('a', 4));
    await settle();
    expect(delivered).toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
    expect(fetches).toEqual([['a', 1, 3]]);
    // Late copies of what was fetched are dropped.
    sequencer.receive(event('a', 2));
    expect(delivered).toHaveLength(4);
  });

  it('starts from the stored heads and advances on request', async () => {
    const stored = [5, 6, 7].map((s) => event('a', s));
    const { sequencer, delivered } = setUp(stored, new Map([['a', 4]]));
    expect(sequencer.cursor('a')).toBe(4);
    sequencer.receive(event('a', 3));
    expect(delivered).toEqual([]);
    await sequencer.advanceTo('a', 6);
    expect(delivered).toEqual(['a:5', 'a:6']);
    expect(sequencer.cursor('a')).toBe(6);
  });

  it('queues events that arrive before it has started', () => {
    const delivered: number[] = [];
    const sequencer = new ForumEventSequencer<Sequenced>(
      { range: () => Promise.resolve([]) },
      (e) => delivered.push(e.event.seq),
      () => undefined,
    );
    sequencer.receive(event('a', 3));
    sequencer.receive(event('a', 2));
    sequencer.start(new Map([['a', 2]]));
    expect(delivered).toEqual([3]);
  });

  it('skips numbers the database no longer has rather than stall the forum', async () => {
    const { sequencer, delivered } = setUp([event('a', 3)]);
    sequencer.receive(event('a', 3));
    await settle();
    await settle();
    expect(delivered).toEqual(['a:3']);
    sequencer.receive(event('a', 4));
    expect(delivered).toEqual(['a:3', 'a:4']);
  });
});
