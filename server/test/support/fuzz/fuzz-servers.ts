import { Logger, type LoggerService } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import type { RunningServer } from '../../../src/app';
import { startTestServer } from '../app';
import type { FuzzServer } from './fuzz-lanes';
import { MAX_KEPT, RecentFrames, type SentFrame } from './fuzz-stats';

/** An error or warning the server logged. */
export interface LoggedProblem {
  at: number;
  level: 'error' | 'warn';
  message: string;
  stack: string | null;
  /** What the fuzzer had just sent. */
  framesBefore: SentFrame[];
}

/** The server stopped (child exited) or would have (uncaught in this process). */
export interface Crash {
  at: number;
  how: string;
  stack: string;
  framesBefore: SentFrame[];
}

/** A server the fuzzer can watch and restart on the same database. */
export interface ServerUnderTest extends FuzzServer {
  /** The lanes record what they send here, so a crash or an error can say what came before. */
  recent: RecentFrames;
  /** The first `MAX_KEPT` problems logged; `problemCounts` counts them all. */
  logged: LoggedProblem[];
  problemCounts: { error: number; warn: number };
  crashes: Crash[];
  /** Stops gracefully (stores what is pending) and starts again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Keeps the first problems in full and counts them all. */
class ProblemSink {
  readonly logged: LoggedProblem[] = [];
  readonly counts = { error: 0, warn: 0 };

  add(problem: LoggedProblem): void {
    this.counts[problem.level]++;
    if (this.logged.length < MAX_KEPT) this.logged.push(problem);
  }

  /** The last problem kept, while it may still get stack lines. */
  last(): LoggedProblem | undefined {
    return this.logged.length < MAX_KEPT ? this.logged[this.logged.length - 1] : undefined;
  }
}

/** Records what Nest's loggers say at warn and above (in-process servers). */
class RecordingLogger implements LoggerService {
  constructor(
    private readonly sink: ProblemSink,
    private readonly recent: RecentFrames,
  ) {}
  error(message: unknown, ...params: unknown[]): void {
    this.record('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.record('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.record('warn', message, params);
  }
  log(): void {}
  debug(): void {}
  verbose(): void {}
  private record(level: 'error' | 'warn', message: unknown, params: unknown[]): void {
    const error = params.find((p): p is Error => p instanceof Error);
    const stack = error?.stack ?? params.find((p) => typeof p === 'string' && p.includes('\n'));
    this.sink.add({
      at: Date.now(),
      level,
      message: String(message),
      stack: (stack as string) ?? null,
      framesBefore: this.recent.latest(500, 4),
    });
  }
}

/**
 * The whole server in this process on port 0, as the other e2e specs run it.
 * A throw that nothing caught would have stopped a real process; here it
 * reaches the process's handlers, and is recorded as a crash.
 */
export async function inProcessServer(): Promise<ServerUnderTest> {
  const recent = new RecentFrames();
  const sink = new ProblemSink();
  const crashes: Crash[] = [];
  const onCrash = (how: string) => (err: unknown) =>
    crashes.push({
      at: Date.now(),
      how,
      stack: err instanceof Error ? (err.stack ?? err.message) : String(err),
      framesBefore: recent.latest(),
    });
  const onException = onCrash('uncaught exception');
  const onRejection = onCrash('unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  const start = async (port: number) => {
    const server = await startTestServer({ port, logLevel: 'warn' });
    Logger.overrideLogger(new RecordingLogger(sink, recent));
    return server;
  };
  let current: RunningServer = await start(0);
  const url = current.url;
  let restarting: Promise<void> | null = null;
  return {
    url,
    recent,
    logged: sink.logged,
    problemCounts: sink.counts,
    crashes,
    up: () => restarting ?? Promise.resolve(),
    async restart() {
      restarting = (async () => {
        await current.close();
        current = await start(Number(new URL(url).port));
      })();
      await restarting;
      restarting = null;
    },
    async stop() {
      await current.close();
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}

/**
 * The built server (`dist/main.js`) as a child process on a fixed port. When
 * it dies on its own that is a crash: recorded with what it printed last,
 * and it is started again so the run can go on.
 */
export async function childProcessServer(env: Record<string, string>): Promise<ServerUnderTest> {
  const port = await freePort();
  const recent = new RecentFrames();
  const sink = new ProblemSink();
  const crashes: Crash[] = [];
  let child: ChildProcess | null = null;
  let stopping = false;
  let starting: Promise<void> | null = null;
  const url = `http://127.0.0.1:${port}`;

  const start = (): Promise<void> =>
    new Promise((resolveStart, reject) => {
      const proc = spawn(process.execPath, [resolve(__dirname, '../../../dist/main.js')], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/root',
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      const tail: string[] = [];
      let ready = false;
      const onLine = (line: string) => {
        tail.push(line);
        if (tail.length > 60) tail.shift();
        if (!ready && line.includes('running at')) {
          ready = true;
          // From here on the tail is what a crash report shows.
          tail.length = 0;
          resolveStart();
        } else if (ready) readLogLine(line, sink, recent);
      };
      for (const stream of [proc.stdout, proc.stderr]) {
        let buffered = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const lines = (buffered + chunk).split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) onLine(line);
        });
      }
      proc.once('exit', (code, signal) => {
        if (!ready)
          return reject(new Error(`server exited (${code ?? signal}):\n${tail.join('\n')}`));
        if (stopping || child !== proc) return;
        crashes.push({
          at: Date.now(),
          how: `exited with ${code ?? signal}`,
          stack: tail.join('\n'),
          framesBefore: recent.latest(),
        });
        starting = start().finally(() => (starting = null));
      });
    });

  const stopChild = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  };

  await start();
  return {
    url,
    recent,
    logged: sink.logged,
    problemCounts: sink.counts,
    crashes,
    up: async () => {
      while (starting) await starting;
    },
    async restart() {
      stopping = true;
      await stopChild();
      stopping = false;
      await start();
    },
    async stop() {
      stopping = true;
      await stopChild();
    },
  };
}

/**
 * What identifies a crash or an error: its error line (the last one that
 * starts a line: a dying process prints its fatal error after anything it
 * logged) and the first place in our code after it.
 */
export function signature(stack: string): string {
  const lines = stack.split('\n');
  let at = -1;
  lines.forEach((line, i) => {
    if (/^\w*Error\b/.test(line)) at = i;
  });
  if (at === -1) at = lines.findIndex((l) => /\b\w*Error\b/.test(l));
  const error = (lines[at] ?? lines[0] ?? '').trim();
  const place = lines.slice(Math.max(0, at)).find((l) => /\/server\/(src|dist)\//.test(l));
  const file = place ? /\/server\/(?:src|dist)\/([^:)]+)/.exec(place)?.[1] : undefined;
  return file ? `${error} in ${file}` : error;
}

/** Nest's console lines: `[Nest] pid  - date   ERROR [Context] message`, stack lines after. */
function readLogLine(line: string, sink: ProblemSink, recent: RecentFrames): void {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
  const match = /\s(ERROR|WARN|FATAL)\s+(.*)$/.exec(plain);
  if (match) {
    sink.add({
      at: Date.now(),
      level: match[1] === 'WARN' ? 'warn' : 'error',
      message: match[2]!,
      stack: null,
      framesBefore: recent.latest(500, 4),
    });
    return;
  }
  const last = sink.last();
  if (last && /^\s+at |^\w*Error\b/.test(plain) && Date.now() - last.at < 100) {
    last.stack = last.stack ? `${last.stack}\n${plain}` : plain;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
