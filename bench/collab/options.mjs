import { DEFAULT_ADMIN_URL } from '../lib/database.mjs';

/**
 * The collaboration benchmark's options: environment variables, overridden
 * by `--flags` (`--duration-s=10` sets DURATION_S). bench/README.md lists
 * them with what each means.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} environment
 */
export function readOptions(argv = process.argv.slice(2), environment = process.env) {
  const env = { ...environment };
  for (const arg of argv) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/i.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg} (use --name=value)`);
    env[match[1].toUpperCase().replace(/-/g, '_')] = match[2] ?? 'true';
  }
  const number = (name, fallback, min = 0) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`${name} must be a number ≥ ${min}`);
    return value;
  };
  const list = (name, fallback) =>
    (env[name] || fallback)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const flag = (name) => /^(1|true|yes)$/i.test(env[name] ?? '');
  const servers = list('SERVERS', 'ours,reference');
  for (const s of servers)
    if (s !== 'ours' && s !== 'reference') throw new Error(`Unknown server ${s}`);
  // One latency scenario per editor count, each run ROUNDS times per server.
  const editors = list('EDITORS', '50,200').map(Number);
  for (const n of editors)
    if (!Number.isInteger(n) || n < 2) throw new Error('EDITORS must be whole numbers ≥ 2');
  const loadPatterns = list('LOAD_PATTERNS', 'typing,scattered');
  for (const p of loadPatterns)
    if (p !== 'typing' && p !== 'scattered') throw new Error(`Unknown pattern ${p}`);
  // Extra settings for our server, e.g. OURS_ENV="COLLAB_STORE_DEBOUNCE_MS=50", to see what one costs.
  const oursEnv = Object.fromEntries(
    (env.OURS_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return {
    editors,
    typists: number('TYPISTS', 10, 1),
    rate: number('RATE', 10, 0.1),
    rounds: number('ROUNDS', 3, 1),
    // 0: one load-generator process per 100 editors, at most one per core.
    generators: number('GENERATORS', 0, 0),
    durationS: number('DURATION_S', 20, 1),
    warmupS: number('WARMUP_S', 5, 0),
    quietWaitS: number('QUIET_WAIT_S', 30, 0),
    servers,
    cursors: flag('CURSORS'),
    together: flag('TOGETHER'),
    connectSpreadS: number('CONNECT_SPREAD_S', 3, 0),
    loadEdits: servers.includes('ours') ? number('LOAD_EDITS', 10_000, 0) : 0,
    loadEditors: number('LOAD_EDITORS', 20, 1),
    loadPatterns,
    oursEnv,
    loadRate: number('LOAD_RATE', 50, 1),
    loadRepeats: number('LOAD_REPEATS', 20, 2),
    openRepeats: number('OPEN_REPEATS', 5, 1),
    profile: flag('PROFILE'),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
  };
}
