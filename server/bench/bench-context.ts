import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { TokenService } from '../src/auth/token-service';
import type { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/db/database';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { runMigrations } from '../src/db/migrate';
import { type RunningServer, startServer } from '../src/server';

export const BENCH_SECRET = 'bench-secret-that-is-at-least-32-characters';
/** Production needs the public address of the reset link; the bench sends no reset mail. */
export const BENCH_RESET_URL = 'http://localhost/reset-password?token=';

/** What every benchmark section gets: a migrated database of its own and a way to start servers on it. */
export interface BenchContext {
  databaseUrl: string;
  db: Database;
  tokens: TokenService;
  token(appId: string, role?: Role): Promise<string>;
  startServer(): Promise<RunningServer>;
  /** Prints a progress line. */
  log: (message: string) => void;
  /** A context on a database of its own, dropped and created anew (a new user's first run). */
  fresh(database: string): Promise<BenchContext>;
  /** Adds a finished table to the report. */
  report(title: string, header: string[], rows: Array<Array<string | number>>, notes?: string[]): void;
}

export interface BenchSession {
  /** A context on the database of its own that a section (or sections sharing `database`) works in. */
  contextFor(database: string): Promise<BenchContext>;
  tables: string[];
  close(): Promise<void>;
}

/**
 * The benchmark cluster: the server of BENCH_DATABASE_URL when given, else an
 * embedded cluster under ./.bench kept between runs so that seeding a million
 * users is paid once. Each section works in a database of its own on it
 * (`user_manager_bench_<name>`), so the users measured by one are never
 * sharing a table with the millions another one imports.
 */
export async function openBenchSession(): Promise<BenchSession> {
  const started = Date.now();
  const log = (message: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  let cluster: EmbeddedCluster | undefined;
  let serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const dir = path.resolve('.bench');
    fs.mkdirSync(dir, { recursive: true });
    cluster = await startEmbeddedPostgres({ dir, port: Number(process.env.BENCH_DB_PORT ?? 54339), database: 'postgres', log });
    serverUrl = cluster.url;
  }
  const tokens = new TokenService(BENCH_SECRET);
  const servers: RunningServer[] = [];
  const pools: Database[] = [];
  const tables: string[] = [];

  const contextFor = async (name: string, fresh = false): Promise<BenchContext> => {
    const databaseUrl = await ensureDatabase(serverUrl, `user_manager_bench_${name}`, fresh);
    await runMigrations(databaseUrl);
    const db = new Database(databaseUrl, 4);
    pools.push(db);
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: BENCH_SECRET,
      RESET_URL: BENCH_RESET_URL,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    });
    return {
      databaseUrl,
      db,
      tokens,
      token: (appId, role = 'admin') => tokens.sign({ subject: 'bench', appId, role }),
      startServer: async () => {
        const server = await startServer({ config, databaseUrl, jwtSecret: BENCH_SECRET, logger: pino({ level: 'warn' }) }, 0);
        servers.push(server);
        return server;
      },
      log,
      fresh: (database) => contextFor(database, true),
      report: (title, header, rows, notes = []) => {
        const lines = [`### ${title}`, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
        for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
        if (notes.length) lines.push('', ...notes.map((note) => `- ${note}`));
        tables.push(lines.join('\n'));
      },
    };
  };

  return {
    contextFor,
    tables,
    close: async () => {
      for (const server of servers) await server.close();
      for (const db of pools) await db.close();
      await cluster?.stop();
    },
  };
}

/** The URL of `name` on the server of `serverUrl`, creating the database when it is missing (or dropping it first when `fresh`). */
async function ensureDatabase(serverUrl: string, name: string, fresh: boolean): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** p-th percentile (0–100) of some timings. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** One benchmark section: `npm run bench -- <name>` runs only the ones named. */
export interface BenchSection {
  name: string;
  description: string;
  /** The database it works in; sections naming the same one share it. Its own name unless given. */
  database?: string;
  run(context: BenchContext): Promise<void>;
}

/** One GraphQL request over HTTP: the body as it came. */
export async function graphql(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

/** One GraphQL request that must succeed: its data. */
export async function ok(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const body = await graphql(url, token, query, variables);
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}
