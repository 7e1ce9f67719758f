import { fork } from 'node:child_process';
import { track } from './processes.mjs';

/**
 * Forks a bench script with one job over IPC; resolves with its result. The
 * script reports phases as it goes ({ type: 'phase' }) and ends with one
 * { type: 'result' } or { type: 'error' }.
 * @param {string} file  absolute path of the script
 * @param {object} job
 * @param {{ cwd: string, timeoutMs: number, onStart?: (pid: number) => void, onPhase?: (phase: string) => void | Promise<void> }} options
 */
export function runChild(file, job, { cwd, timeoutMs, onStart, onPhase }) {
  const child = track(fork(file, [], { cwd, stdio: 'inherit' }));
  onStart?.(/** @type {number} */ (child.pid));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    let phases = Promise.resolve();
    child.on('message', (/** @type {any} */ message) => {
      if (message.type === 'phase') {
        phases = phases.then(() => onPhase?.(message.phase)).catch(reject);
        return;
      }
      clearTimeout(timer);
      // Phase handlers first (e.g. the sampler stops before the result is used).
      void phases.then(() => {
        child.disconnect();
        if (message.type === 'result') resolve(message.result);
        else reject(new Error(`${file}: ${message.message}`));
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before answering`));
    });
    child.send(job);
  });
}
