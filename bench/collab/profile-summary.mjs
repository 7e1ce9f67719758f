#!/usr/bin/env node
// Where each server's JavaScript thread spent the measured windows of a
// `PROFILE=1` run: self time by package (and our modules one by one) and the
// busiest functions, ours next to the reference's.
//
//   node bench/collab/profile-summary.mjs [results/collab-<time>.json] [--functions=30] [--inclusive]
//
// --inclusive also lists the functions by total time (their own and their
// callees'), which shows what a whole path costs: a message handler, a fan-out.
//
// Without a file, the newest collab result. A --cpu-prof profile's times and the
// rounds' windows are both CLOCK_MONOTONIC, so the profile is cut to exactly
// the seconds the latency and CPU figures come from.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const args = process.argv.slice(2);
const functions = Number(/--functions=(\d+)/.exec(args.join(' '))?.[1] ?? 25);
const inclusive = args.includes('--inclusive');
const file =
  args.find((a) => !a.startsWith('--')) ??
  join(
    RESULTS,
    readdirSync(RESULTS)
      .filter((f) => /^collab-.*\.json$/.test(f))
      .sort()
      .at(-1) ?? '',
  );
const result = JSON.parse(readFileSync(file, 'utf8'));

/** Each server's measured windows, in monotonic microseconds, over every scenario. */
const windows = { ours: [], reference: [] };
for (const scenario of result.scenarios ?? []) {
  for (const round of scenario.rounds) {
    for (const server of Object.keys(windows)) {
      const w = round[server]?.load?.window;
      if (w) windows[server].push([w.startMs * 1000, w.endMs * 1000]);
    }
  }
}

/** The profile of `server` written during the run (the newest one with that name). */
function profileOf(server) {
  const dir = join(RESULTS, 'profiles');
  const name = readdirSync(dir)
    .filter((f) => f.startsWith(`${server}-`) && f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  return name ? join(dir, name) : null;
}

/** Where a profile node's code lives: a package, one of our modules, Node itself, or V8. */
function placeOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/server\/dist\/(.+)$/.exec(url);
  if (ours) return `ours: ${ours[1]}`;
  return url.startsWith('node:') ? 'node (core)' : basename(url);
}

function summarise(path, spans) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const inWindow = (t) => spans.some(([a, b]) => t >= a && t <= b);
  const byPlace = new Map();
  const byFunction = new Map();
  const byFunctionWithCallees = new Map();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (!inWindow(t)) continue;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = nodes.get(profile.samples[i]).callFrame;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const place = placeOf(frame);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    byFunction.set(functionKey(frame), (byFunction.get(functionKey(frame)) ?? 0) + us);
    // Each function on the stack once, however often it recurses.
    const onStack = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parents.get(id)) {
      onStack.add(functionKey(nodes.get(id).callFrame));
    }
    for (const fn of onStack)
      byFunctionWithCallees.set(fn, (byFunctionWithCallees.get(fn) ?? 0) + us);
  }
  return { total, busy: total - idle, byPlace, byFunction, byFunctionWithCallees };
}

function functionKey(frame) {
  return `${frame.functionName || '(anonymous)'} (${placeOf(frame)}:${frame.lineNumber + 1})`;
}

const ms = (us) => (us / 1000).toFixed(1);
const summaries = {};
for (const server of Object.keys(windows)) {
  const path = profileOf(server);
  if (!path || windows[server].length === 0) continue;
  summaries[server] = summarise(path, windows[server]);
  console.log(`${server}: ${path}`);
}
const servers = Object.keys(summaries);
if (servers.length === 0) {
  console.error(`No profiles for the windows of ${file}: run the benchmark with PROFILE=1.`);
  process.exit(1);
}

console.log(`\nMeasured windows of ${basename(file)}: JavaScript thread, ms busy\n`);
console.log(`| where | ${servers.join(' | ')} |`);
console.log(`| --- | ${servers.map(() => '---:').join(' | ')} |`);
console.log(
  `| **busy in all** | ${servers.map((s) => `**${ms(summaries[s].busy)}**`).join(' | ')} |`,
);
const places = new Map();
for (const s of servers)
  for (const [p, us] of summaries[s].byPlace) places.set(p, (places.get(p) ?? 0) + us);
for (const [place] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(
    `| ${place} | ${servers.map((s) => ms(summaries[s].byPlace.get(place) ?? 0)).join(' | ')} |`,
  );
}
for (const s of servers) {
  console.log(`\n${s}: busiest functions (self time, ms)`);
  for (const [fn, us] of [...summaries[s].byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, functions)) {
    console.log(`${ms(us).padStart(9)}  ${fn}`);
  }
}
if (inclusive) {
  for (const s of servers) {
    console.log(`\n${s}: busiest functions with their callees (total time, ms)`);
    for (const [fn, us] of [...summaries[s].byFunctionWithCallees]
      .filter(([fn]) => !fn.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, functions)) {
      console.log(`${ms(us).padStart(9)}  ${fn}`);
    }
  }
}
