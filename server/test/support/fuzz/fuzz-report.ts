import os from 'node:os';
import type { EndpointStats, SentFrame } from './fuzz-stats';
import type { FuzzReport } from './fuzz-run';

/** The machine a run was measured on, as RELIABILITY.md records it. */
export function machine(): string {
  const gib = (bytes: number) => `${Math.round(bytes / 2 ** 30)} GiB`;
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${gib(os.totalmem())} memory, node ${process.version}, ${new Date().toISOString()}`;
}

/** A short human summary of a run: figures first, then everything that broke, with frames. */
export function formatReport(report: FuzzReport, reproduce: string): string {
  const lines: string[] = [];
  const { plan } = report;
  lines.push(
    `fuzz seed ${plan.seed} — reproduce with ${reproduce}`,
    `${plan.framesPerEndpoint} frames planned per endpoint on ${plan.collabLanes} /collab and ${plan.socketLanes} /socket.io lanes, ` +
      `fuzzing ${(report.fuzzingMs / 1000).toFixed(1)} s, whole run ${(report.totalMs / 1000).toFixed(1)} s`,
  );
  for (const stats of [report.collab, report.socket]) lines.push(...endpointLines(stats));
  lines.push(
    `server log: ${report.logged.errors} errors, ${report.logged.warnings} warnings; ` +
      `crashes: ${report.crashes.count}; /health ${report.healthDuring.status} (${report.healthDuring.ms} ms), ` +
      `after restart ${report.healthAfterRestart.status}`,
  );
  const { posts, editors } = report.bystanders;
  lines.push(
    `bystanders: ${editors.map((e) => `${e.words} words (${e.disconnects} disconnects)`).join(', ')}; ` +
      `posts ${posts.received}/${posts.acknowledged} received`,
  );
  for (const d of report.documents) {
    lines.push(
      `  proposal ${d.id}: api ${d.api}, page ${d.page ?? '-'}, collab ${d.collab}, freeze ${d.freeze}, missing words ${d.missingWords}`,
    );
  }
  for (const crash of report.crashes.distinct) {
    lines.push(`CRASH ×${crash.count} (${crash.how}), the first:`, indent(crash.stack, 12));
    lines.push(...framesLines(crash.framesBefore));
  }
  for (const failure of report.failures) {
    lines.push(
      `FAILURE ×${failure.count} on ${failure.endpoint}: ${failure.what}, the first after`,
    );
    lines.push(`    ${failure.lane}#${failure.frameIndex} ${failure.frame} ${failure.excerpt}`);
  }
  for (const problem of report.logged.distinct.slice(0, 12)) {
    lines.push(`LOGGED ${problem.level} ×${problem.count}: ${firstLine(problem.message)}`);
    if (problem.stack) lines.push(indent(problem.stack, 6));
    lines.push(...framesLines(problem.framesBefore));
  }
  if (report.broken.length > 0) {
    lines.push(`BROKEN (${report.broken.length}):`);
    for (const b of report.broken.slice(0, 40)) lines.push(`  - ${b}`);
  }
  return lines.join('\n');
}

function framesLines(frames: SentFrame[]): string[] {
  return frames.map((f) => `    after ${f.lane}#${f.index} ${f.kind} ${f.excerpt}`);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function endpointLines(stats: EndpointStats): string[] {
  return [
    `${stats.endpoint}: ${stats.frames} frames on ${stats.connections} connections, ` +
      `${kib(stats.bytesReceived)} received (largest message ${kib(stats.largestMessageReceived)}), ` +
      `${stats.unanswered} unanswered, ${stats.failureCount} server failures`,
    `  frames by family: ${counts(stats.framesByFamily)}`,
    `  closes by code: ${counts(stats.closes)}; refused upgrades: ${counts(stats.refusedUpgrades)}` +
      (stats.endpoint === 'socket.io' ? `; acks: ${counts(stats.acks)}` : ''),
  ];
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ×${v}`).join(', ');
}

function kib(bytes: number): string {
  return bytes > 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

function indent(text: string, maxLines: number): string {
  return text
    .split('\n')
    .slice(0, maxLines)
    .map((l) => `      ${l}`)
    .join('\n');
}
