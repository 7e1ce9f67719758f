import { REALTIME_MAX_MESSAGE_BYTES } from '@lokalforum/protocol';
import type { Sql } from '../collab';
import { Bystanders, type BystanderReport } from './bystanders';
import { CollabFrameSource } from './collab-frames';
import { brokenGuarantees, checkDocument, checkHealth, type DocumentCheck } from './fuzz-checks';
import { runCollabLane, runSocketLane } from './fuzz-lanes';
import { type Crash, type LoggedProblem, type ServerUnderTest, signature } from './fuzz-servers';
import { type EndpointStats, familyOf, newStats, type ServerFailure } from './fuzz-stats';
import { BYSTANDER_FORUM, prepareWorld } from './fuzz-world';
import { Random } from './random';
import { SocketFrameSource } from './socket-frames';

export interface FuzzPlan {
  seed: string;
  framesPerEndpoint: number;
  collabLanes: number;
  socketLanes: number;
  /** Proposals the /collab lanes share out. */
  proposals: number;
  /** The lanes stop here even with frames left. */
  timeLimitMs: number;
  /** The server's COLLAB_MAX_MESSAGE_BYTES (oversized frames go just past it). */
  collabMaxMessageBytes: number;
  /** The lanes stop after this many crashes (a crash loop tells nothing new). */
  maxCrashes: number;
  /** Prints a line of progress this often (long runs). */
  progressEveryMs?: number;
}

export interface FuzzReport {
  plan: FuzzPlan;
  fuzzingMs: number;
  totalMs: number;
  collab: EndpointStats;
  socket: EndpointStats;
  crashes: { count: number; distinct: Distinct<Crash>[] };
  logged: { errors: number; warnings: number; distinct: Distinct<LoggedProblem>[] };
  failures: Distinct<ServerFailure & { endpoint: string }>[];
  healthDuring: { status: number | string; ms: number };
  healthAfterRestart: { status: number | string; ms: number };
  bystanders: BystanderReport;
  documents: DocumentCheck[];
  /** What the suite asserts is empty: every guarantee the run saw broken. */
  broken: string[];
}

/** The first of a group of alike events, and how many there were. */
export type Distinct<T> = T & { count: number };

/**
 * One fuzz run against `server`: prepares proposals and bystanders, sends
 * the planned frames on every lane at once, then checks that the server and
 * the bystanders held, restarts the server on the same database and loads
 * every proposal the fuzzer touched.
 */
export async function runFuzz(
  server: ServerUnderTest,
  sql: Sql,
  plan: FuzzPlan,
): Promise<FuzzReport> {
  const started = Date.now();
  const world = await prepareWorld(server.url, sql, plan.proposals);
  const bystanders = await Bystanders.start({
    url: server.url,
    docNames: world.proposals.map((p) => p.docName),
    editorToken: world.editorToken,
    posterToken: world.posterToken,
    observerToken: world.observerToken,
    slug: BYSTANDER_FORUM,
  });
  const root = new Random(plan.seed);
  const recent = server.recent;
  const collab = newStats('collab');
  const socket = newStats('socket.io');
  const fuzzStart = Date.now();
  const deadline = fuzzStart + plan.timeLimitMs;
  const lane = {
    server,
    token: world.fuzzToken,
    deadline,
    recent,
    shouldStop: () => server.crashes.length >= plan.maxCrashes,
  };
  const progress = plan.progressEveryMs
    ? setInterval(() => {
        const s = Math.round((Date.now() - fuzzStart) / 1000);
        console.log(
          `+${s} s: /collab ${collab.frames} frames, /socket.io ${socket.frames} frames, ` +
            `${server.crashes.length} crashes, ${collab.failureCount + socket.failureCount} server failures`,
        );
      }, plan.progressEveryMs)
    : null;
  await Promise.all([
    ...range(plan.collabLanes).map((k) => {
      const proposal = world.proposals[k % world.proposals.length]!;
      return runCollabLane({
        ...lane,
        name: `collab-${k}`,
        docName: proposal.docName,
        frames: Math.ceil(plan.framesPerEndpoint / plan.collabLanes),
        stats: collab,
        source: new CollabFrameSource(
          root.fork(`collab-${k}`),
          proposal.base,
          plan.collabMaxMessageBytes,
        ),
      });
    }),
    ...range(plan.socketLanes).map((k) =>
      runSocketLane({
        ...lane,
        name: `socket-${k}`,
        frames: Math.ceil(plan.framesPerEndpoint / plan.socketLanes),
        stats: socket,
        source: new SocketFrameSource(
          root.fork(`socket-${k}`),
          world.targets,
          REALTIME_MAX_MESSAGE_BYTES,
        ),
      }),
    ),
  ]);
  if (progress) clearInterval(progress);
  const fuzzingMs = Date.now() - fuzzStart;
  await server.up();
  const healthDuring = await checkHealth(server.url);
  const bystanderReport = await bystanders.stop();
  const words = new Map(world.proposals.map((p) => [p.id, bystanders.words(p.docName)]));
  await bystanders.destroy();

  await server.restart();
  const healthAfterRestart = await checkHealth(server.url);
  const documents: DocumentCheck[] = [];
  for (const proposal of world.proposals) {
    documents.push(
      await checkDocument(server.url, proposal, {
        readerToken: world.observerToken,
        memberToken: world.editorToken,
        words: words.get(proposal.id) ?? [],
      }),
    );
  }

  const report: Omit<FuzzReport, 'broken'> = {
    plan,
    fuzzingMs,
    totalMs: Date.now() - started,
    collab,
    socket,
    crashes: {
      count: server.crashes.length,
      distinct: distinct(server.crashes, (c) => `${c.how}:${signature(c.stack)}`),
    },
    logged: {
      errors: server.problemCounts.error,
      warnings: server.problemCounts.warn,
      distinct: distinct(server.logged, (l) => `${l.level}:${firstLine(l.message).slice(0, 160)}`),
    },
    failures: distinct(
      [collab, socket].flatMap((stats) =>
        stats.failures.map((f) => ({ ...f, endpoint: stats.endpoint })),
      ),
      (f) => `${f.endpoint}:${f.what}:${familyOf(f.frame)}`,
    ),
    healthDuring,
    healthAfterRestart,
    bystanders: bystanderReport,
    documents,
  };
  return { ...report, broken: broken(report) };
}

function broken(report: Omit<FuzzReport, 'broken'>): string[] {
  const out: string[] = [];
  for (const c of report.crashes.distinct)
    out.push(`${c.count}× crash (${c.how}): ${signature(c.stack)}`);
  for (const f of report.failures) {
    out.push(
      `${f.count}× ${f.endpoint} ${f.what}, first after ${f.lane}#${f.frameIndex} (${f.frame})`,
    );
  }
  for (const stats of [report.collab, report.socket]) {
    if (stats.unanswered > 0)
      out.push(`${stats.endpoint}: ${stats.unanswered} frames got no answer within 5 s`);
    for (const stuck of stats.stuckLanes) out.push(`${stats.endpoint} ${stuck}`);
    for (const error of stats.generatorErrors) out.push(`the fuzzer could not build ${error}`);
  }
  if (report.healthDuring.status !== 200)
    out.push(`/health answered ${report.healthDuring.status} after the fuzzing`);
  if (report.healthAfterRestart.status !== 200)
    out.push(`/health answered ${report.healthAfterRestart.status} after the restart`);
  const { editors, posts, observerDisconnects } = report.bystanders;
  for (const e of editors) {
    if (e.disconnects > 0) {
      out.push(
        `bystander editor of ${e.docName} was disconnected ${e.disconnects}× (close codes: ${tally(e.closeCodes)})`,
      );
    }
  }
  if (posts.missing > 0)
    out.push(`${posts.missing} of ${posts.acknowledged} bystander posts never reached the room`);
  if (posts.refused.length > 0) out.push(`bystander posts refused: ${tally(posts.refused)}`);
  if (observerDisconnects.length > 0)
    out.push(`bystander socket disconnected: ${tally(observerDisconnects)}`);
  out.push(...brokenGuarantees(report.documents));
  return out;
}

/** Events grouped by `key`: the first of each group with the group's size, largest first. */
function distinct<T extends object>(events: T[], key: (event: T) => string): Distinct<T>[] {
  const groups = new Map<string, Distinct<T>>();
  for (const event of events) {
    const k = key(event);
    const group = groups.get(k);
    if (group) group.count++;
    else groups.set(k, { ...event, count: 1 });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** `a ×3, b ×1` */
function tally(values: (string | number)[]): string {
  const counts = new Map<string | number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ×${n}`).join(', ');
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
