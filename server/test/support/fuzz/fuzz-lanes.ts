import { COLLAB_PATH, REALTIME_PATH } from '@lokalforum/protocol';
import WebSocket from 'ws';
import type { CollabFrameSource, Frame } from './collab-frames';
import {
  count,
  type EndpointStats,
  excerpt,
  familyOf,
  type RecentFrames,
  recordFailure,
} from './fuzz-stats';
import type { SocketFrameSource } from './socket-frames';

/** What lanes need of the server under test (in this process, or a child that may restart). */
export interface FuzzServer {
  /** http://host:port, the same across restarts. */
  url: string;
  /** Resolves once the server is listening (at once, unless it is being restarted). */
  up(): Promise<void>;
}

export interface LaneOptions {
  name: string;
  server: FuzzServer;
  token: string;
  frames: number;
  /** A lane stops here even with frames left (reported as not finished). */
  deadline: number;
  /** True when the run should end early (e.g. the server keeps crashing). */
  shouldStop: () => boolean;
  stats: EndpointStats;
  recent: RecentFrames;
}

/** How long the server gets to answer a ping after a frame before it counts as unanswered. */
const ANSWER_MS = 5_000;
/** Connection attempts in a row before a lane gives up. */
const MAX_ATTEMPTS = 200;

/** Sends `frames` /collab frames from `source` to `docName`, reconnecting after every close. */
export async function runCollabLane(
  options: LaneOptions & { docName: string; source: CollabFrameSource },
): Promise<number> {
  const { server, token, docName } = options;
  const url = `${server.url.replace(/^http/, 'ws')}${COLLAB_PATH}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token)}`;
  return runLane(
    options,
    () => options.source.next(),
    () => open(url, options, {}),
  );
}

/** Sends `frames` raw engine.io/socket.io frames, reconnecting (and re-joining the namespace). */
export async function runSocketLane(
  options: LaneOptions & { source: SocketFrameSource },
): Promise<number> {
  const { server, token, stats } = options;
  const url = `${server.url.replace(/^http/, 'ws')}${REALTIME_PATH}/?EIO=4&transport=websocket`;
  const pendingAcks = new Map<number, { index: number; frame: Frame }>();
  let inNamespace = false;
  let framesSent = 0;
  const connect = async (): Promise<WebSocket | null> => {
    const ws = await open(url, options, { authorization: `Bearer ${token}` });
    if (!ws) return null;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === '2') ws.send('3');
      else if (text === '41' || text.startsWith('44{')) inNamespace = false;
      else if (text.startsWith('43')) onAck(text);
    });
    inNamespace = false;
    return ws;
  };
  const onAck = (text: string) => {
    const match = /^43(\d+)(.*)$/s.exec(text);
    if (!match) return;
    const sent = pendingAcks.get(Number(match[1]));
    pendingAcks.delete(Number(match[1]));
    let outcome = 'unreadable';
    try {
      const [result] = JSON.parse(match[2]!) as [{ ok?: boolean; error?: { code?: string } }];
      outcome = result?.ok ? 'ok' : String(result?.error?.code ?? 'no-code');
    } catch {
      // counted as unreadable
    }
    count(stats.acks, outcome);
    if (outcome === 'internal' && sent) {
      recordFailure(stats, {
        what: 'acknowledged with an internal error',
        lane: options.name,
        frameIndex: sent.index,
        frame: sent.frame.kind,
        excerpt: excerpt(sent.frame),
      });
    }
  };
  /** Joins the namespace `/` as socket.io-client does, with the token in the CONNECT packet. */
  const join = async (ws: WebSocket): Promise<boolean> => {
    const reply = waitForMessage(ws, (text) => /^4[04]/.test(text));
    ws.send(`40${JSON.stringify({ token })}`);
    inNamespace = (await reply)?.startsWith('40') ?? false;
    return inNamespace;
  };
  return runLane(
    options,
    () => {
      const frame = options.source.next();
      if (frame.ackId !== undefined) {
        pendingAcks.set(frame.ackId, { index: framesSent, frame });
        if (pendingAcks.size > 1_000) pendingAcks.delete(pendingAcks.keys().next().value!);
      }
      framesSent++;
      return frame;
    },
    connect,
    async (ws) => inNamespace || (await join(ws)),
  );
}

/**
 * The loop both endpoints share: one frame at a time on one connection; after
 * each frame a ping, so the next frame goes only once the server has read the
 * last one (ws answers pings in order with messages) — or has closed on it.
 */
async function runLane(
  options: LaneOptions,
  nextFrame: () => Frame,
  connect: () => Promise<WebSocket | null>,
  ready: (ws: WebSocket) => Promise<boolean> = () => Promise.resolve(true),
): Promise<number> {
  const { stats, recent, name } = options;
  let ws: WebSocket | null = null;
  let last: { index: number; frame: Frame } | null = null;
  let sent = 0;
  for (let index = 0; index < options.frames; index++) {
    if (Date.now() > options.deadline || options.shouldStop()) break;
    let frame: Frame;
    try {
      frame = nextFrame();
    } catch (err) {
      if (stats.generatorErrors.length < 20) {
        stats.generatorErrors.push(
          `${name}#${index}: ${err instanceof Error ? err.stack : String(err)}`,
        );
      }
      continue;
    }
    ws = ws && ws.readyState === WebSocket.OPEN ? ws : null;
    for (let attempt = 0; !ws && attempt < MAX_ATTEMPTS; attempt++) {
      ws = await connect();
      if (ws) {
        const connection: WebSocket = ws;
        connection.once('close', (code: number) => {
          count(stats.closes, code);
          if (code === 4500 && last) {
            recordFailure(stats, {
              what: 'closed with 4500 (internal error)',
              lane: name,
              frameIndex: last.index,
              frame: last.frame.kind,
              excerpt: excerpt(last.frame),
            });
          }
        });
        if (!(await ready(connection))) {
          connection.terminate();
          ws = null;
        }
      }
      if (!ws) await sleep(Math.min(500, 10 * (attempt + 1)));
    }
    if (!ws) {
      stats.stuckLanes.push(`${name}: no connection after ${MAX_ATTEMPTS} attempts`);
      break;
    }
    last = { index, frame };
    recent.add(name, index, frame);
    stats.frames++;
    count(stats.framesByFamily, familyOf(frame.kind));
    sent++;
    ws.send(frame.data, { binary: typeof frame.data !== 'string' });
    const answer = await settle(ws);
    if (answer === 'unanswered') {
      stats.unanswered++;
      ws.terminate();
      ws = null;
    }
  }
  ws?.close();
  return sent;
}

/** Opens a WebSocket; null (counted) when the upgrade is refused or the server is away. */
async function open(
  url: string,
  { server, stats, name }: LaneOptions,
  headers: Record<string, string>,
): Promise<WebSocket | null> {
  await server.up();
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => {
      stats.connections++;
      ws.on('message', (data: Buffer) => {
        stats.bytesReceived += data.length;
        stats.largestMessageReceived = Math.max(stats.largestMessageReceived, data.length);
      });
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      count(stats.refusedUpgrades, status);
      if (status >= 500) {
        recordFailure(stats, {
          what: `upgrade answered ${status}`,
          lane: name,
          frameIndex: -1,
          frame: 'upgrade',
          excerpt: url.replace(/token=[^&]+/, 'token=…'),
        });
      }
      ws.terminate();
      resolve(null);
    });
    // Refused connections while a crashed server restarts, or a reset.
    ws.once('error', () => resolve(null));
  });
}

function settle(ws: WebSocket): Promise<'answered' | 'closed' | 'unanswered'> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const done = (result: 'answered' | 'closed' | 'unanswered') => {
      clearTimeout(timer);
      ws.off('pong', onPong);
      ws.off('close', onClose);
      resolve(result);
    };
    const onPong = () => done('answered');
    const onClose = () => done('closed');
    const timer = setTimeout(() => done('unanswered'), ANSWER_MS);
    ws.on('pong', onPong);
    ws.on('close', onClose);
    ws.ping();
  });
}

function waitForMessage(ws: WebSocket, match: (text: string) => boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const done = (result: string | null) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(result);
    };
    const onMessage = (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '' : data.toString();
      if (match(text)) done(text);
    };
    const onClose = () => done(null);
    const timer = setTimeout(() => done(null), ANSWER_MS);
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
