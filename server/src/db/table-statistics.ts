import type { Database, Queryable } from './database';

/**
 * Planner statistics are the product's job, not autovacuum's: a server may
 * run with autovacuum off, or behind on a busy machine, and a table whose
 * statistics predate a million imported users gets plans made for an empty
 * one (pages of 50 took 200–700 ms instead of 5–10). So the server runs
 * ANALYZE itself: after a set-based write that changed a good share of a
 * table (an import, a bulk job), before it reports the job done; and on a
 * timer, for any table whose changes since its last ANALYZE passed the same
 * mark, with VACUUM when its dead rows did (see docs/architecture.md,
 * "Statistics and dead rows").
 */

/** The tables that grow with an app's users and are read by filters; the others stay small. */
export const ANALYZED_TABLES = ['users', 'user_last_access', 'audit_log', 'activity_events', 'webhook_outbox', 'import_job_errors'] as const;
export type AnalyzedTable = (typeof ANALYZED_TABLES)[number];

/** Changes that make a table's statistics stale: 10% of its rows, at least 500 and at most 50,000. */
export const staleAfter = (rows: number): number => Math.min(50_000, Math.max(500, Math.round(rows * 0.1)));

/** After a job changed `changed` rows of `table`: ANALYZE it when that is a good share of it. Returns whether it ran. */
export async function analyzeAfterWrite(db: Queryable, table: AnalyzedTable, changed: number): Promise<boolean> {
  if (changed < 500) return false;
  const [size] = await db.query<{ rows: number }>(`SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = $1::regclass`, [table]);
  // reltuples is what the last ANALYZE (or VACUUM) saw: the rows before this job's.
  if (changed < staleAfter(size?.rows ?? 0)) return false;
  await db.execute(`ANALYZE ${table}`);
  return true;
}

/** What the periodic check did to a table. */
export interface TableUpkeep {
  table: AnalyzedTable;
  /** VACUUM (ANALYZE) for dead rows past the mark, else ANALYZE alone. */
  action: 'vacuum' | 'analyze';
}

/**
 * The tables whose changes since their last ANALYZE, whose dead rows (left
 * by deletes and by updates, which no HOT update absorbs on users), or whose
 * rows inserted since their last VACUUM passed the mark, by the counters
 * Postgres keeps anyway (pg_stat_user_tables: no table is read). Such tables
 * are vacuumed too: with autovacuum off, dead rows would stay for good and
 * every index scan step over them, and inserted rows would never be marked
 * all-visible, so a count could never be an index-only scan (a count of
 * 50,000 users took 520 ms as a sequential scan, 27 ms from the index).
 * Each table in turn; returns what was done.
 *
 * While an import or a bulk job is writing, a table is analysed but not
 * vacuumed: its changed rows pass the dead-row mark again within seconds, and
 * a VACUUM of a million users with their GIN indexes, started every 10 s,
 * took the writers' cores (a changed-rows import fell from 20k to under 5k
 * rows/s). The check after the job vacuums.
 */
export async function keepTablesFit(db: Database): Promise<TableUpkeep[]> {
  const due = await tablesDue(db);
  for (const { table, action } of due) {
    if (action === 'vacuum') await pacedVacuum(db, table);
    else await db.execute(`ANALYZE ${table}`);
  }
  return due;
}

/**
 * autovacuum's pace, which a VACUUM run by hand does not keep (its cost
 * delay is 0): it rests 2 ms each time its work passes vacuum_cost_limit
 * (pages read, pages dirtied). Unpaced, the VACUUM that follows an import
 * took one of the machine's two cores from the first pages read after the
 * job said SUCCEEDED (the page with no filter: p95 53.6 ms during it,
 * against 10–13 ms after it). Paced, it takes longer, and reads keep their
 * speed. The settings go back before the connection returns to the pool.
 */
async function pacedVacuum(db: Database, table: AnalyzedTable): Promise<void> {
  const connection = await db.connect();
  try {
    await connection.query(`SELECT set_config('vacuum_cost_delay', '2ms', false), set_config('vacuum_cost_limit', '200', false)`);
    await connection.execute(`VACUUM (ANALYZE) ${table}`);
  } finally {
    await connection.execute('RESET vacuum_cost_delay').catch(() => undefined);
    await connection.execute('RESET vacuum_cost_limit').catch(() => undefined);
    await connection.release();
  }
}

/** What keepTablesFit would do now, doing nothing (a bench waits on it to be empty). */
export async function tablesDue(db: Queryable): Promise<TableUpkeep[]> {
  const tables = await db.query<{ table: AnalyzedTable; changed: number; dead: number; inserted: number; rows: number }>(
    `SELECT relname AS table, n_mod_since_analyze::float8 AS changed, n_dead_tup::float8 AS dead,
            n_ins_since_vacuum::float8 AS inserted, n_live_tup::float8 AS rows
       FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY ($1::text[])`,
    [[...ANALYZED_TABLES]],
  );
  const [jobs] = await db.query<{ writing: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM import_jobs WHERE status = 'RUNNING') OR EXISTS (SELECT 1 FROM bulk_jobs WHERE status = 'RUNNING') AS writing`,
  );
  const due: TableUpkeep[] = [];
  for (const { table, changed, dead, inserted, rows } of tables) {
    if (!ANALYZED_TABLES.includes(table)) continue;
    if (!jobs!.writing && (dead >= staleAfter(rows) || inserted >= staleAfter(rows))) due.push({ table, action: 'vacuum' });
    else if (changed >= staleAfter(rows)) due.push({ table, action: 'analyze' });
  }
  return due;
}
