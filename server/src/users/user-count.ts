import type { Database } from '../db/database';
import { isQueryCanceled } from '../db/pg-errors';

/** How long an exact count may take before an estimate answers instead: with the sample after it, a count answers within 250 ms. */
export const EXACT_COUNT_BUDGET_MS = 150;
/** The share of the table's pages an estimate reads. */
const SAMPLE_PERCENT = 1;

export interface Counted<T> {
  counts: T;
  estimated: boolean;
}

/**
 * Counts users exactly when Postgres can within the budget; otherwise from a
 * 1% sample of the table's pages, scaled up. The sample is REPEATABLE, so an
 * estimate does not change from one page to the next. `select` is a list of
 * integer aggregates over `users` (count(*), count(*) FILTER (…), …).
 */
export async function countUsers<T extends Record<string, number>>(
  db: Database,
  select: string,
  conditions: string[],
  params: unknown[],
  budgetMs = EXACT_COUNT_BUDGET_MS,
): Promise<Counted<T>> {
  const where = conditions.join(' AND ');
  try {
    const [row] = await db.queryWithin<T>(budgetMs, `SELECT ${select} FROM users WHERE ${where}`, params);
    return { counts: row!, estimated: false };
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
  }
  const [sample] = await db.query<T>(
    `SELECT ${select} FROM users TABLESAMPLE SYSTEM (${SAMPLE_PERCENT}) REPEATABLE (0) WHERE ${where}`,
    params,
  );
  const scaled = Object.fromEntries(
    Object.entries(sample!).map(([key, value]) => [key, Math.round((Number(value) * 100) / SAMPLE_PERCENT)]),
  ) as T;
  return { counts: scaled, estimated: true };
}
