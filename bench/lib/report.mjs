import { round } from './stats.mjs';

/**
 * Plain-text tables for stdout (and for pasting into BENCHMARKS.md as
 * Markdown): one row per metric, one column per server, and ours/reference.
 */

/**
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export function markdownTable(header, rows) {
  const cells = [header, ...rows.map((r) => r.map(cell))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [
    line(cells[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

function cell(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? String(round(value)) : '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  return value ?? '–';
}

/**
 * The latency/throughput/resources table: one column per measured round.
 * @param {[string, any][]} columns  heading → one result of run.mjs' benchServer
 */
export function serversTable(columns) {
  /** @type {[string, (r: any) => any][]} */
  const metrics = [
    ['keystroke → all others p50 (ms)', (r) => r.load.latencyAllMs.p50],
    ['keystroke → all others p95 (ms)', (r) => r.load.latencyAllMs.p95],
    ['keystroke → all others p99 (ms)', (r) => r.load.latencyAllMs.p99],
    ['keystroke → all others max (ms)', (r) => r.load.latencyAllMs.max],
    ['keystroke → one other p50 (ms)', (r) => r.load.latencyPairMs.p50],
    ['keystroke → one other p99 (ms)', (r) => r.load.latencyPairMs.p99],
    ['ping → pong on an idle socket p50 (ms)', (r) => r.pingMs?.p50],
    ['ping → pong on an idle socket p99 (ms)', (r) => r.pingMs?.p99],
    ['ping → pong on an idle socket max (ms)', (r) => r.pingMs?.max],
    ['keystrokes → all others > 20 ms', (r) => r.load.slow.count],
    [
      '  in how many of the measured seconds',
      (r) => `${r.load.slow.seconds} of ${Math.round(r.load.seconds)}`,
    ],
    ['keystrokes sent /s', (r) => r.load.keystrokesPerS],
    ['keystroke deliveries /s', (r) => r.load.deliveriesPerS],
    ['messages to clients /s', (r) => r.load.messagesInPerS],
    ['KiB to clients /s', (r) => r.load.kBytesInPerS],
    ['server CPU avg (% of a core)', (r) => r.server.cpuAvgPct],
    ['  of which in the kernel (%)', (r) => r.server.systemAvgPct],
    ['  of which outside the main thread: GC, compiler (%)', (r) => r.server.otherThreadsAvgPct],
    ['server CPU max 250 ms (%)', (r) => r.server.cpuMaxPct],
    ['server RSS avg (MiB)', (r) => r.server.rssAvgMiB],
    ['server RSS max (MiB)', (r) => r.server.rssMaxMiB],
    ['PostgreSQL backends CPU avg (%)', (r) => r.postgres?.cpuAvgPct],
    ['update-log rows stored /s', (r) => r.storedRowsPerS],
    ['load generator processes', (r) => r.load.generators],
    ['load generator CPU, all processes (%)', (r) => r.load.client.cpuPct],
    ['load generator event-loop use (busiest)', (r) => r.load.client.eventLoopUtilization],
    ['load generator loop delay p99 (busiest, ms)', (r) => r.load.client.eventLoopDelayP99Ms],
    ['machine CPU, all processes (%)', (r) => r.machine?.busyPct],
    ['  of which not this benchmark (%)', (r) => r.machine?.otherPct],
    ['  CPU pressure: time something waited (%)', (r) => r.machine?.cpuPressurePct],
    ['undelivered keystrokes', (r) => r.load.undelivered],
    ['disconnects', (r) => r.load.disconnects],
    ['all copies converged', (r) => r.load.converged],
    ['server log lines (warn/error)', (r) => r.logLines.length],
  ];
  return markdownTable(
    ['metric', ...columns.map(([heading]) => heading)],
    metrics.map(([label, get]) => [label, ...columns.map(([, result]) => get(result))]),
  );
}
