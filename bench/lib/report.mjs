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
 * The latency/throughput/resources table for the servers that ran.
 * @param {Record<string, any>} servers  name → result (see run.mjs)
 */
export function serversTable(servers) {
  const names = Object.keys(servers);
  const both = names.includes('ours') && names.includes('reference');
  /** @type {[string, (r: any) => any, boolean][]} label, value, whether a ratio means something */
  const metrics = [
    ['keystroke → all others p50 (ms)', (r) => r.load.latencyAllMs.p50, true],
    ['keystroke → all others p95 (ms)', (r) => r.load.latencyAllMs.p95, true],
    ['keystroke → all others p99 (ms)', (r) => r.load.latencyAllMs.p99, true],
    ['keystroke → all others max (ms)', (r) => r.load.latencyAllMs.max, true],
    ['keystroke → one other p50 (ms)', (r) => r.load.latencyPairMs.p50, true],
    ['keystroke → one other p99 (ms)', (r) => r.load.latencyPairMs.p99, true],
    ['ping → pong on an idle socket p50 (ms)', (r) => r.pingMs?.p50, true],
    ['ping → pong on an idle socket p99 (ms)', (r) => r.pingMs?.p99, true],
    ['ping → pong on an idle socket max (ms)', (r) => r.pingMs?.max, true],
    ['keystrokes → all others > 20 ms', (r) => r.load.slow.count, false],
    [
      '  in how many of the measured seconds',
      (r) => `${r.load.slow.seconds} of ${Math.round(r.load.seconds)}`,
      false,
    ],
    ['keystrokes sent /s', (r) => r.load.keystrokesPerS, true],
    ['keystroke deliveries /s', (r) => r.load.deliveriesPerS, true],
    ['messages to clients /s', (r) => r.load.messagesInPerS, true],
    ['KiB to clients /s', (r) => r.load.kBytesInPerS, true],
    ['server CPU avg (% of a core)', (r) => r.server.cpuAvgPct, true],
    ['server CPU max 250 ms (%)', (r) => r.server.cpuMaxPct, true],
    ['server RSS avg (MiB)', (r) => r.server.rssAvgMiB, true],
    ['server RSS max (MiB)', (r) => r.server.rssMaxMiB, true],
    ['PostgreSQL backends CPU avg (%)', (r) => r.postgres?.cpuAvgPct, false],
    ['update-log rows stored /s', (r) => r.storedRowsPerS, false],
    ['load generator CPU (%)', (r) => r.load.client.cpuPct, false],
    ['load generator event-loop use', (r) => r.load.client.eventLoopUtilization, false],
    ['load generator loop delay p99 (ms)', (r) => r.load.client.eventLoopDelayP99Ms, false],
    ['machine CPU, all processes (%)', (r) => r.machine?.busyPct, false],
    ['  of which not this benchmark (%)', (r) => r.machine?.otherPct, false],
    ['  CPU pressure: time something waited (%)', (r) => r.machine?.cpuPressurePct, false],
    ['undelivered keystrokes', (r) => r.load.undelivered, false],
    ['disconnects', (r) => r.load.disconnects, false],
    ['all copies converged', (r) => r.load.converged, false],
    ['server log lines (warn/error)', (r) => r.logLines.length, false],
  ];
  const header = ['metric', ...names, ...(both ? ['ours / reference'] : [])];
  const rows = metrics.map(([label, get, ratio]) => {
    const values = names.map((n) => get(servers[n]));
    if (!both) return [label, ...values];
    const a = get(servers.ours);
    const b = get(servers.reference);
    return [label, ...values, ratio && typeof a === 'number' && b ? a / b : ''];
  });
  return markdownTable(header, rows);
}
