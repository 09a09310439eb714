import type { Queryable } from './database';

/**
 * Planner statistics are the product's job, not autovacuum's: a server may
 * run with autovacuum off, or behind on a busy machine, and a table whose
 * statistics predate a million imported users gets plans made for an empty
 * one (pages of 50 took 200–700 ms instead of 5–10). So the server runs
 * ANALYZE itself: after a set-based write that changed a good share of a
 * table (an import, a bulk job), before it reports the job done; and on a
 * timer, for any table whose changes since its last ANALYZE passed the same
 * mark (see docs/architecture.md, "Statistics").
 */

/** The tables that grow with an app's users and are read by filters; the others stay small. */
export const ANALYZED_TABLES = ['users', 'audit_log', 'activity_events', 'webhook_outbox', 'import_job_errors'] as const;
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

/**
 * The tables whose changes since their last ANALYZE passed the mark, by the
 * statistics Postgres counts anyway (pg_stat_user_tables: no table is read),
 * each analysed in turn. Returns the tables analysed.
 */
export async function analyzeStale(db: Queryable): Promise<AnalyzedTable[]> {
  const stale = await db.query<{ table: AnalyzedTable; changed: number; rows: number }>(
    `SELECT relname AS table, n_mod_since_analyze::float8 AS changed, n_live_tup::float8 AS rows
       FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY ($1::text[])`,
    [[...ANALYZED_TABLES]],
  );
  const analysed: AnalyzedTable[] = [];
  for (const { table, changed, rows } of stale) {
    if (!ANALYZED_TABLES.includes(table) || changed < staleAfter(rows)) continue;
    await db.execute(`ANALYZE ${table}`);
    analysed.push(table);
  }
  return analysed;
}
