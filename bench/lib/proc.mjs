import { readFileSync } from 'node:fs';

/**
 * CPU and memory of processes, read from /proc like `top` does, so the
 * servers need no instrumentation. Linux only.
 */

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLK_TCK = 100;

/**
 * utime + stime of a process in seconds, or null when it has gone.
 * @param {number} pid
 */
export function cpuSeconds(pid) {
  const times = cpuTimes(pid);
  return times && times.user + times.system;
}

/**
 * User and system (kernel: socket writes, for a server) CPU seconds of a
 * process, or of one of its threads, or null when it has gone.
 * @param {number} pid
 * @param {number | null} thread  a thread id; the main (JavaScript) thread's is the pid
 */
export function cpuTimes(pid, thread = null) {
  try {
    const stat = readFileSync(
      thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`,
      'utf8',
    );
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime) are 11 and 12 counted from field 3.
    return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
  } catch {
    return null;
  }
}

/**
 * Resident set size in MiB, or null when the process has gone.
 * @param {number} pid
 */
export function rssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Samples CPU% (100 = one core) and RSS of a set of processes at a fixed
 * interval and sums them, e.g. one server, or all PostgreSQL backends of the
 * benchmark database.
 */
export class ProcSampler {
  /**
   * @param {() => number[]} pids  asked at every sample, so a pool that grows is followed
   * @param {number} intervalMs
   */
  constructor(pids, intervalMs = 250) {
    this.pids = pids;
    this.intervalMs = intervalMs;
    /** @type {{ t: number, cpu: number, rss: number }[]} */
    this.samples = [];
    /** CPU seconds seen so far per pid, so a process that appears mid-run counts from then on. */
    this.last = new Map();
    this.timer = null;
    this.startedAt = 0;
    this.cpuTotal = 0;
  }

  start() {
    this.startedAt = performance.now();
    this.lastAt = this.startedAt;
    for (const pid of this.pids()) this.last.set(pid, cpuSeconds(pid) ?? 0);
    this.systemAtStart = this.systemSeconds();
    this.mainAtStart = this.mainThreadSeconds();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  sample() {
    const now = performance.now();
    let cpu = 0;
    let rss = 0;
    for (const pid of this.pids()) {
      const seconds = cpuSeconds(pid);
      if (seconds === null) continue;
      cpu += seconds - (this.last.get(pid) ?? seconds);
      this.last.set(pid, seconds);
      rss += rssMiB(pid) ?? 0;
    }
    this.cpuTotal += cpu;
    this.samples.push({ t: now, cpu: (100 * cpu) / ((now - this.lastAt) / 1000), rss });
    this.lastAt = now;
  }

  /** System CPU seconds of the processes now (those that are still there). */
  systemSeconds() {
    let total = 0;
    for (const pid of this.pids()) total += cpuTimes(pid)?.system ?? 0;
    return total;
  }

  /**
   * CPU seconds of the processes' main threads now: for Node, the JavaScript
   * thread; the rest is V8's helpers (garbage collection, optimising
   * compiler) and libuv's pool.
   */
  mainThreadSeconds() {
    let total = 0;
    for (const pid of this.pids()) {
      const times = cpuTimes(pid, pid);
      total += times ? times.user + times.system : 0;
    }
    return total;
  }

  /** Stops and summarises: average CPU over the whole window, the busiest interval, RSS. */
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const systemSeconds = this.systemSeconds() - this.systemAtStart;
    const mainSeconds = this.mainThreadSeconds() - this.mainAtStart;
    const rss = this.samples.map((s) => s.rss);
    return {
      seconds,
      cpuSeconds: this.cpuTotal,
      cpuAvgPct: (100 * this.cpuTotal) / seconds,
      /** Of which in the kernel (for a server: mostly socket writes). */
      systemAvgPct: (100 * systemSeconds) / seconds,
      /** Of which outside the main thread: V8's garbage collector and compiler threads. */
      otherThreadsAvgPct: (100 * Math.max(0, this.cpuTotal - mainSeconds)) / seconds,
      // 1/100 s ticks over 250 ms intervals: one interval is ±4 % noisy, so "max" is a rough peak.
      cpuMaxPct: Math.max(0, ...this.samples.map((s) => s.cpu)),
      rssAvgMiB: rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length),
      rssMaxMiB: Math.max(0, ...rss),
    };
  }
}

/** The 1/5/15-minute load averages: other work on the machine skews a run. */
export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return null;
  }
}

/** Whole-machine CPU time in seconds (all cores), busy and total, from /proc/stat. */
function machineCpu() {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / CLK_TCK, total: (busy + idle + iowait) / CLK_TCK };
}

/** Microseconds during which some runnable task waited for a CPU (PSI), or null without PSI. */
function cpuPressureMicros() {
  try {
    const match = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * How busy the whole machine was over a window, to tell a clean run from one
 * that shared the cores with something else (another test run, a build).
 */
export class MachineWindow {
  start() {
    this.cpu = machineCpu();
    this.pressure = cpuPressureMicros();
    this.at = performance.now();
  }

  stop() {
    const cpu = machineCpu();
    const pressure = cpuPressureMicros();
    const seconds = (performance.now() - this.at) / 1000;
    return {
      /** 100 = one core fully busy, like the per-process numbers. */
      busyPct: (100 * (cpu.busy - this.cpu.busy)) / seconds,
      /** Share of the time in which at least one runnable task had to wait for a CPU. */
      cpuPressurePct:
        pressure === null || this.pressure === null
          ? null
          : (100 * (pressure - this.pressure)) / 1e6 / seconds,
    };
  }
}

/**
 * Waits (up to `maxMs`) until the machine has been nearly idle for two seconds,
 * so a run does not start in the middle of someone else's build; returns the
 * last busy percentage seen.
 */
export async function waitForQuiet(maxBusyPct = 20, maxMs = 120_000) {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const window = new MachineWindow();
    window.start();
    await new Promise((r) => setTimeout(r, 2_000));
    const { busyPct } = window.stop();
    if (busyPct <= maxBusyPct || performance.now() > deadline) return busyPct;
  }
}
