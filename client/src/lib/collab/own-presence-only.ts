import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

type AwarenessHandler = (change: AwarenessChange, origin: unknown) => void;

/** The stock provider's handler of awareness changes (y-websocket 1.x keeps it under this name). */
interface ProviderHandlers {
  _awarenessUpdateHandler?: AwarenessHandler;
}

/**
 * Has the provider send the server only this window's own presence. The
 * stock y-websocket 1.x provider sends on every awareness change it sees,
 * including the states it has just heard from others: the server already has
 * them (and drops them), but each renewal of one editor's presence came back
 * from every other editor, traffic that grows with the square of the editors.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const handlers = provider as unknown as ProviderHandlers;
  const stock = handlers._awarenessUpdateHandler;
  if (typeof stock !== 'function') return;
  const awareness = provider.awareness;
  const own = awareness.clientID;
  const mine = (ids: number[]) => ids.filter((id) => id === own);
  const ownOnly: AwarenessHandler = (change, origin) => {
    const filtered = {
      added: mine(change.added),
      updated: mine(change.updated),
      removed: mine(change.removed),
    };
    if (filtered.added.length + filtered.updated.length + filtered.removed.length === 0) return;
    stock(filtered, origin);
  };
  awareness.off('update', stock);
  awareness.on('update', ownOnly);
  // `destroy()` stops listening with the handler it finds under this name.
  handlers._awarenessUpdateHandler = ownOnly;
}
