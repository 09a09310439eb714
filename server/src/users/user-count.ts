import type { Database, Queryable } from '../db/database';
import { isQueryCanceled } from '../db/pg-errors';

/** How long an exact count may take before an estimate answers instead: with the sample after it, a count answers within 250 ms. */
export const EXACT_COUNT_BUDGET_MS = 150;
/**
 * Past this many matching users, by the planner's estimate, an exact count
 * cannot be trusted to meet the budget: right after an import no VACUUM has
 * marked the pages all-visible, so each match is a heap row to read (about
 * 5 µs from the OS cache: 270 ms for 50,000). It is not tried, and the sample
 * answers at once. Trying it first made such counts take the budget and the
 * sample, 250–350 ms.
 */
export const EXACT_COUNT_MAX_ROWS = 20_000;
/** The share of the table's pages an estimate reads. */
const SAMPLE_PERCENT = 1;
/**
 * An app with fewer users than this is always counted exactly: its count is
 * cheap even when a busy machine misses the budget, and a 1% sample of it
 * says nothing (it would show "≈0" for an app with a hundred users).
 */
export const SMALL_APP_USERS = 10_000;
/** How long the exact count of a small app may take (a guard, not a target). */
const SMALL_APP_BUDGET_MS = 5_000;

export interface Counted<T> {
  counts: T;
  estimated: boolean;
}

export interface CountOptions {
  budgetMs?: number;
  smallAppUsers?: number;
  exactMaxRows?: number;
}

/**
 * Counts users exactly when Postgres can within the budget; otherwise from a
 * 1% sample of the table's pages, scaled up. The sample is REPEATABLE, so an
 * estimate does not change from one page to the next. A small app (see
 * SMALL_APP_USERS) is counted exactly even past the budget. `select` is a list
 * of integer aggregates over `users` (count(*), count(*) FILTER (…), …);
 * `conditions` are scoped to `appId`.
 */
export async function countUsers<T extends Record<string, number>>(
  db: Database,
  appId: string,
  select: string,
  conditions: string[],
  params: unknown[],
  { budgetMs = EXACT_COUNT_BUDGET_MS, smallAppUsers = SMALL_APP_USERS, exactMaxRows = EXACT_COUNT_MAX_ROWS }: CountOptions = {},
): Promise<Counted<T>> {
  const sql = `SELECT ${select} FROM users WHERE ${conditions.join(' AND ')}`;
  let smallApp: boolean | undefined;
  const small = async () => (smallApp ??= await isSmallApp(db, appId, smallAppUsers));
  const hopeless = (await plannedRows(db, conditions, params)) > exactMaxRows && !(await small());
  const exact = hopeless ? undefined : await countWithin<T>(db, budgetMs, sql, params);
  if (exact) return { counts: exact, estimated: false };

  if (!hopeless && (await small())) {
    const small = await countWithin<T>(db, SMALL_APP_BUDGET_MS, sql, params);
    if (small) return { counts: small, estimated: false };
  }
  const [sample] = await db.query<T>(sql.replace(' FROM users ', ` FROM users TABLESAMPLE SYSTEM (${SAMPLE_PERCENT}) REPEATABLE (0) `), params);
  const scaled = Object.fromEntries(Object.entries(sample!).map(([key, value]) => [key, Math.round((Number(value) * 100) / SAMPLE_PERCENT)])) as T;
  return { counts: scaled, estimated: true };
}

/** How many users the planner expects the conditions to match (planning only: about 0.3 ms). */
export async function plannedRows(db: Queryable, conditions: readonly string[], params: unknown[]): Promise<number> {
  const [row] = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM users WHERE ${conditions.join(' AND ')}`,
    params,
  );
  return row?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}

async function countWithin<T extends object>(db: Database, budgetMs: number, sql: string, params: unknown[]): Promise<T | undefined> {
  try {
    const [row] = await db.queryWithin<T>(budgetMs, sql, params);
    return row!;
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
    return undefined;
  }
}

/** Whether the app has fewer than `limit` users: an index scan that stops at the limit. */
async function isSmallApp(db: Database, appId: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const [row] = await db.query<{ users: number }>('SELECT count(*)::int AS users FROM (SELECT 1 FROM users WHERE app_id = $1 LIMIT $2) AS app_users', [
    appId,
    limit,
  ]);
  return row!.users < limit;
}

/** An app's users by status, as the triggers on users keep them (user_status_counts): exact, and no scan of the users. */
export async function statusCounts(db: Database, appId: string): Promise<{ active: number; banned: number; all: number }> {
  const rows = await db.query<{ status: string; users: number }>(
    'SELECT status, sum(delta)::int AS users FROM user_status_counts WHERE app_id = $1 GROUP BY status',
    [appId],
  );
  const of = (status: string) => rows.find((row) => row.status === status)?.users ?? 0;
  return { active: of('ACTIVE'), banned: of('BANNED'), all: of('ACTIVE') + of('BANNED') };
}

/** Folds each app's delta rows into one per status (more than a few of them), so a count sums a handful. Returns the apps folded. */
export async function compactStatusCounts(db: Database): Promise<number> {
  const [row] = await db.query<{ apps: number }>(
    `WITH apps AS (SELECT app_id FROM user_status_counts GROUP BY app_id HAVING count(*) > 4),
          gone AS (DELETE FROM user_status_counts c USING apps WHERE c.app_id = apps.app_id RETURNING c.app_id, c.status, c.delta),
          kept AS (INSERT INTO user_status_counts (app_id, status, delta)
                   SELECT app_id, status, sum(delta) FROM gone GROUP BY app_id, status HAVING sum(delta) <> 0)
     SELECT count(*)::int AS apps FROM apps`,
  );
  return row!.apps;
}
