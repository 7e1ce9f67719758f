import { parentPort } from 'node:worker_threads';
import { compactState } from './compact-state';
import type { CompactionReply, CompactionRequest } from './state-compactor';

/** The thread `StateCompactor` starts: folds the updates it is sent, one request at a time. */
parentPort?.on('message', ({ id, updates }: CompactionRequest) => {
  let reply: CompactionReply;
  try {
    const state = compactState(updates);
    parentPort?.postMessage({ id, state } satisfies CompactionReply, [state.buffer as ArrayBuffer]);
    return;
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
