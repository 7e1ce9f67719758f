import type { Frame } from './collab-frames';

/** A sign that the server failed on a client's frame (never a refusal of the frame). */
export interface ServerFailure {
  what: string;
  lane: string;
  /** Position of the frame in its lane's sequence: with the seed, enough to find it again. */
  frameIndex: number;
  frame: string;
  excerpt: string;
}

/** What one endpoint saw during a run. */
export interface EndpointStats {
  endpoint: 'collab' | 'socket.io';
  frames: number;
  /** By the family of the frame (`benign`, `hostile`, `mutated`, `awareness`, …). */
  framesByFamily: Record<string, number>;
  connections: number;
  /** WebSocket close codes, as the client saw them (1006: no close frame). */
  closes: Record<string, number>;
  /** HTTP statuses of upgrades the server refused. */
  refusedUpgrades: Record<string, number>;
  /** Frames after which the server answered neither a ping nor with a close in time. */
  unanswered: number;
  bytesReceived: number;
  largestMessageReceived: number;
  /** Socket.IO acknowledgements by outcome (`ok` or the error code). */
  acks: Record<string, number>;
  /** Every failure counted; the first `MAX_KEPT` kept with their frames. */
  failureCount: number;
  failures: ServerFailure[];
  /** Lanes that could not finish (e.g. every reconnection refused). */
  stuckLanes: string[];
  /** The fuzzer's own bugs: a frame it could not build (the lane goes on with the next). */
  generatorErrors: string[];
}

export function newStats(endpoint: EndpointStats['endpoint']): EndpointStats {
  return {
    endpoint,
    frames: 0,
    framesByFamily: {},
    connections: 0,
    closes: {},
    refusedUpgrades: {},
    unanswered: 0,
    bytesReceived: 0,
    largestMessageReceived: 0,
    acks: {},
    failureCount: 0,
    failures: [],
    stuckLanes: [],
    generatorErrors: [],
  };
}

/** How many failures, log lines and crashes a run keeps in full (a long run may see many). */
export const MAX_KEPT = 2_000;

export function recordFailure(stats: EndpointStats, failure: ServerFailure): void {
  stats.failureCount++;
  if (stats.failures.length < MAX_KEPT) stats.failures.push(failure);
}

export function count(counts: Record<string, number>, key: string | number): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The start of a frame, readable: text as is, bytes as hex. */
export function excerpt(frame: Frame, max = 96): string {
  if (typeof frame.data === 'string') {
    const text = JSON.stringify(frame.data.slice(0, max));
    return frame.data.length > max ? `${text}… (${frame.data.length} chars)` : text;
  }
  const hex = Buffer.from(frame.data.subarray(0, max)).toString('hex');
  return frame.data.length > max ? `${hex}… (${frame.data.length} bytes)` : hex || '(empty)';
}

export function familyOf(kind: string): string {
  return /^[a-z0-9.-]+/i.exec(kind)?.[0] ?? kind;
}

export interface SentFrame {
  at: number;
  lane: string;
  index: number;
  kind: string;
  excerpt: string;
}

/** The last frames sent on every lane, to say what came just before a crash or an error. */
export class RecentFrames {
  private readonly frames: SentFrame[] = [];

  constructor(private readonly capacity = 64) {}

  add(lane: string, index: number, frame: Frame): void {
    this.frames.push({ at: Date.now(), lane, index, kind: frame.kind, excerpt: excerpt(frame) });
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /** The last `max` frames sent in the `windowMs` before now, newest last. */
  latest(windowMs = 1_000, max = 8): SentFrame[] {
    const now = Date.now();
    return this.frames.filter((f) => f.at >= now - windowMs).slice(-max);
  }
}
