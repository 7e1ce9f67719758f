// The load side of the room fan-out benchmark, run as its own process so its
// CPU is not counted as the server's. Opens CONNECTIONS guest sockets spread
// over the 18 forum rooms (round-robin over the nodes), then signed-in posters
// start debates at a steady rate; every receiver records post-to-delivery time.
// Send and receive times are taken in this one process, so clocks agree.
import { io } from 'socket.io-client';
import { Samples, summarize } from '../lib/stats.mjs';

const config = JSON.parse(process.env.ROOMS_CONFIG ?? '{}');
/** @type {{ urls: string[], slugs: string[], posters: { token: string, slug: string }[], connections: number, postsPerSecond: number, durationS: number, warmupS: number }} */
const { urls, slugs, posters, connections, postsPerSecond, durationS, warmupS } = config;

const send = (message) => process.send?.(message);
/** @type {Map<string, number>} title → send time */
const sentAt = new Map();
const latency = new Samples();
let delivered = 0;
let measuring = false;
let errors = 0;

function connect(url, options) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      timeout: 30_000,
      ...options,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

function join(socket, slug) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('forum.join timed out')), 30_000);
    socket.emit('forum.join', { slug }, (ack) => {
      clearTimeout(timer);
      if (ack?.ok) resolve(undefined);
      else reject(new Error(JSON.stringify(ack)));
    });
  });
}

/** Opens connections in batches, so the handshakes do not all land in one tick. */
async function openReceivers() {
  const sockets = [];
  const batch = 100;
  for (let start = 0; start < connections; start += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, connections - start) }, async (_, k) => {
        const i = start + k;
        const socket = await connect(urls[i % urls.length]);
        socket.on('debate.created', ({ debate }) => {
          const sent = sentAt.get(debate.title);
          if (sent === undefined) return;
          delivered += 1;
          if (measuring) latency.push(performance.now() - sent);
        });
        await join(socket, slugs[i % slugs.length]);
        return socket;
      }),
    );
    sockets.push(...opened);
    if (sockets.length % 1000 === 0) send({ type: 'progress', connected: sockets.length });
  }
  return sockets;
}

async function main() {
  const receivers = await openReceivers();
  send({ type: 'connected', connected: receivers.length });
  const posterSockets = await Promise.all(
    posters.map(async (p, i) => ({
      ...p,
      socket: await connect(urls[i % urls.length], { auth: { token: p.token } }),
    })),
  );

  // Wait for the go signal, so the orchestrator can sample the idle server first.
  await new Promise((resolve) => process.once('message', resolve));

  const intervalMs = 1000 / postsPerSecond;
  const total = Math.round((warmupS + durationS) * postsPerSecond);
  let next = 0;
  const startedAt = performance.now();
  const warmupEnds = startedAt + warmupS * 1000;
  for (let n = 0; n < total; n++) {
    const at = startedAt + n * intervalMs;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!measuring && performance.now() >= warmupEnds) {
      measuring = true;
      send({ type: 'measuring' });
    }
    const poster = posterSockets[next++ % posterSockets.length];
    const title = `bench ${n} ${Math.random().toString(36).slice(2, 8)}`;
    sentAt.set(title, performance.now());
    poster.socket.emit(
      'debate.create',
      { slug: poster.slug, title, body: 'Fan-out benchmark' },
      (ack) => {
        if (!ack?.ok) errors += 1;
      },
    );
  }
  // Let the last posts arrive.
  await new Promise((r) => setTimeout(r, 2_000));
  const measuredS = (performance.now() - warmupEnds) / 1000;
  send({
    type: 'done',
    latency: summarize(latency.values()),
    deliveredPerSecond: delivered / ((performance.now() - startedAt) / 1000),
    posts: total,
    errors,
    measuredS,
  });
  for (const s of receivers) s.disconnect();
  for (const p of posterSockets) p.socket.disconnect();
  setTimeout(() => process.exit(0), 500);
}

main().catch((err) => {
  send({ type: 'error', message: String(err?.stack ?? err) });
  setTimeout(() => process.exit(1), 100);
});
