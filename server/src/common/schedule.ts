/** setTimeout's longest delay (about 24.8 days); longer ones fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Runs `run` at `at` (at once if that has passed), however far off: a session
 * can last longer than one timer may wait. Returns what cancels it. The timer
 * does not keep the process alive.
 */
export function scheduleAt(at: Date, run: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    const delay = at.getTime() - Date.now();
    if (delay <= 0) {
      timer = null;
      run();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
    timer.unref();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
