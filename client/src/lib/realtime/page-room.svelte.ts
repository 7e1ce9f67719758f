import type { Debate, ForumEvent, Tally } from '@lokalforum/protocol';
import { getContext, setContext, untrack } from 'svelte';
import type { ForumRoom } from './forum-room.svelte';

const KEY = Symbol('page-forum-room');

export interface PageRoomOptions {
  slug: string;
  /** The forum `seq` the server-rendered data reflects. */
  seq: number;
  /** The debates the page shows, kept current by the room. */
  debates?: Debate[];
  /** The proposal the page shows: its latest vote's tally follows the room (`room.tally`). */
  proposal?: { id: string; tally: Tally | null };
}

/**
 * One forum room for a page whose parts each need its events (the proposal
 * page: its debates, its versions, and whatever else joins it): one join and
 * one catch-up per page view, however many parts listen. The page calls
 * `providePageRoom`; its parts call `usePageRoom` and read `room` or
 * `listen` to the room's events. The live code loads only in the browser.
 */
export class PageRoom {
  room = $state.raw<ForumRoom | null>(null);
  // Bookkeeping, never rendered: a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly listeners = new Set<(event: ForumEvent) => void>();

  /** Calls `listener` with every new event of the room, in order; returns how to stop. */
  listen(listener: (event: ForumEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Joins the room; the returned function leaves it. */
  connect(options: PageRoomOptions): () => void {
    let cancelled = false;
    let live: ForumRoom | null = null;
    import('./forum-room.svelte')
      .then(({ ForumRoom }) => {
        if (cancelled) return;
        live = new ForumRoom({
          ...options,
          onForumEvent: (event) => {
            for (const listener of this.listeners) listener(event);
          },
        });
        this.room = live;
      })
      .catch(() => {
        // Without the live code the server-rendered page stays: still readable.
      });
    return () => {
      cancelled = true;
      live?.destroy();
      this.room = null;
    };
  }
}

/**
 * Gives the page and its parts one room of the forum `slug()`, joined again
 * only when the slug changes; `initial()` is read at each join (what the
 * server rendered). Call during component set-up.
 */
export function providePageRoom(
  slug: () => string,
  initial: () => Omit<PageRoomOptions, 'slug'>,
): PageRoom {
  const shared = new PageRoom();
  setContext(KEY, shared);
  $effect(() => {
    const forum = slug();
    return untrack(() => shared.connect({ ...initial(), slug: forum }));
  });
  return shared;
}

/** The page's room, or null on a page that provides none. */
export function usePageRoom(): PageRoom | null {
  return getContext<PageRoom | undefined>(KEY) ?? null;
}
