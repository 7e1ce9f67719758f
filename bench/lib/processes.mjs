import { spawn } from 'node:child_process';

/** Every child this run started, so an error or Ctrl-C still ends them. */
const running = new Set();

/**
 * @typedef {object} Started
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {number} pid
 * @property {RegExpExecArray} ready  the match of the readiness pattern
 * @property {() => string} logTail  the last lines it printed
 * @property {() => string[]} problems  what it printed after it was ready
 * @property {() => Promise<number | null>} stop
 */

/**
 * Starts a Node program and resolves once a line of its output matches `ready`.
 * @param {{ name: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string, ready: RegExp, timeoutMs?: number }} options
 * @returns {Promise<Started>}
 */
export function startNode({ name, args, env, cwd, ready, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  /** @type {string[]} */
  const lines = [];
  /** @type {string[]} */
  const problems = [];
  let matched = null;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const code = await exited;
    clearTimeout(force);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${lines.join('\n')}`));
    }, timeoutMs);
    const onLine = (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      // With LOG_LEVEL=warn anything our server prints after starting is a warning or an error.
      if (matched) problems.push(line);
      else {
        matched = ready.exec(line);
        if (matched) {
          clearTimeout(timer);
          resolve({
            name,
            child,
            pid: /** @type {number} */ (child.pid),
            ready: matched,
            logTail: () => lines.slice(-30).join('\n'),
            problems: () => [...problems],
            stop,
          });
        }
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) onLine(part);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      if (!matched)
        reject(new Error(`${name} exited (${code}) before it was ready:\n${lines.join('\n')}`));
    });
  });
}

/** Ends every child still running (used on errors and signals). */
export async function killAll() {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
        }),
    ),
  );
}

/** Registers `child` (e.g. a fork) for killAll. */
export function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
