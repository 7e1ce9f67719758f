import WebSocket from 'ws';
import { Samples, summarize } from './stats.mjs';

/**
 * Server responsiveness, apart from the load generator: an idle WebSocket on
 * another document of the same server, pinged every `everyMs`. Both servers
 * answer a ping with a pong from their JavaScript thread (the `ws` library
 * does it), so the round trip is how long that thread took to get to it:
 * stalls of the server (or the CPU not running it) show up here, stalls of
 * the load generator do not.
 */
export async function startProbe(url, everyMs = 20) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`probe refused: ${res.statusCode}`)),
    );
  });
  ws.on('error', () => undefined);
  ws.on('message', () => undefined);
  const rtts = new Samples();
  let recording = false;
  let sentAt = 0;
  let pending = false;
  ws.on('pong', () => {
    if (recording) rtts.push(performance.now() - sentAt);
    pending = false;
  });
  // One ping in flight at a time: a long stall is one long sample, not many.
  const timer = setInterval(() => {
    if (pending || ws.readyState !== WebSocket.OPEN) return;
    pending = true;
    sentAt = performance.now();
    ws.ping();
  }, everyMs);
  return {
    record() {
      recording = true;
    },
    stop() {
      recording = false;
      clearInterval(timer);
      ws.terminate();
      return summarize(rtts.values());
    },
  };
}
