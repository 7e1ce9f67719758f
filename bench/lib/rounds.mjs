import { markdownTable } from './report.mjs';
import { round } from './stats.mjs';

/**
 * Best-of-rounds comparison of our server with the reference (issue 8,
 * guarantee 9). One round on this shared machine can be slowed by anything
 * else running, never sped up, so each server's best round per metric is the
 * least disturbed measurement of it; the rounds alternate between the
 * servers, so both get the same chances.
 */

/**
 * What the goal compares, and the largest ours/reference it allows.
 * @type {{ key: string, label: string, get: (r: any) => number, goal: number }[]}
 */
export const GOALS = [
  {
    key: 'p50',
    label: 'keystroke → every other editor p50',
    get: (r) => r.load.latencyAllMs.p50,
    goal: 1.0,
  },
  {
    key: 'p99',
    label: 'keystroke → every other editor p99',
    get: (r) => r.load.latencyAllMs.p99,
    goal: 1.2,
  },
  { key: 'cpu', label: 'server CPU', get: (r) => r.server.cpuAvgPct, goal: 1.2 },
];

/** Shown beside the goals, without one: what persisting costs PostgreSQL on top. */
const EXTRA = [
  {
    key: 'cpuWithPostgres',
    label: 'server + its PostgreSQL backends CPU',
    get: (r) => r.server.cpuAvgPct + (r.postgres?.cpuAvgPct ?? 0),
  },
];

/**
 * @typedef {{ editors: number, typists: number, rounds: { ours?: any, reference?: any }[] }} Scenario
 */

/**
 * Per scenario and metric: each server's best and median round, and the ratios.
 * @param {Scenario[]} scenarios
 */
export function compareRounds(scenarios) {
  return scenarios.map((scenario) => {
    const metrics = {};
    for (const metric of [...GOALS, ...EXTRA]) {
      const values = (name) =>
        scenario.rounds
          .map((r) => r[name])
          .filter(Boolean)
          .map(metric.get)
          .filter(Number.isFinite);
      const ours = values('ours');
      const reference = values('reference');
      const best = (v) => (v.length > 0 ? Math.min(...v) : NaN);
      metrics[metric.key] = {
        ours,
        reference,
        bestRatio: best(ours) / best(reference),
        medianRatio: median(ours) / median(reference),
        goal: 'goal' in metric ? metric.goal : null,
      };
      const m = metrics[metric.key];
      m.met = m.goal === null || !Number.isFinite(m.bestRatio) ? null : m.bestRatio <= m.goal;
    }
    return { editors: scenario.editors, typists: scenario.typists, metrics };
  });
}

/** The ratio table printed at the end of a run (Markdown). */
export function ratioTable(comparison) {
  const rows = [];
  for (const scenario of comparison) {
    for (const metric of [...GOALS, ...EXTRA]) {
      const m = scenario.metrics[metric.key];
      const best = (v) => (v.length > 0 ? round(Math.min(...v)) : '–');
      rows.push([
        `${scenario.editors} (${scenario.typists} typing)`,
        metric.label,
        best(m.ours),
        best(m.reference),
        Number.isFinite(m.bestRatio) ? `**${round(m.bestRatio)}**` : '–',
        m.goal === null ? '' : `≤ ${m.goal.toFixed(1)}: ${m.met ? 'met' : 'NOT MET'}`,
        Number.isFinite(m.medianRatio) ? round(m.medianRatio) : '–',
        m.ours.map((v) => round(v, 1)).join(', '),
        m.reference.map((v) => round(v, 1)).join(', '),
      ]);
    }
  }
  return markdownTable(
    [
      'editors',
      'metric (ms; CPU in % of a core)',
      'ours best',
      'reference best',
      'ours / reference (best)',
      'goal',
      'ours / reference (median of rounds)',
      'ours, each round',
      'reference, each round',
    ],
    rows,
  );
}

/** @param {number[]} values */
function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
