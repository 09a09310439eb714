import type { Queryable } from '../db/database';
import { type DueJob, notHeldSql } from './job-queue';

/** A table of jobs the runner claims: its name is a constant of the code, written into the SQL. */
export type JobTableName = 'import_jobs' | 'bulk_jobs';

/**
 * The SET items of a claim that count stalls: a job found RUNNING with no
 * retry set is one whose run died (a run that stops cleanly or fails sets
 * `run_after`); if it died where the last claim found it (`progress`, a
 * column), that is one more stall in a row.
 */
export const stallsSet = (progress: string) =>
  `stalls = CASE WHEN status = 'RUNNING' AND run_after IS NULL AND stall_mark = ${progress} THEN stalls + 1 ELSE 0 END, stall_mark = ${progress}`;

/** How far a job of each table got, as a column: where a run that died had come to. */
const PROGRESS: Record<JobTableName, string> = { import_jobs: 'last_row', bulk_jobs: 'processed' };

/**
 * The statements every job store shares, for a table with the runner's
 * columns: `status` (QUEUED, RUNNING, then SUCCEEDED or FAILED), `attempts`,
 * `lock_key`, `run_after`, `heartbeat_at`, `started_at`, `created_at`,
 * `stalls` and `stall_mark`.
 * A store adds what is its own (what a claim returns, how a run ends).
 */
export function jobTable(table: JobTableName) {
  return {
    /** Queued jobs, and running ones whose runner is gone, that may run at `now`; oldest first. */
    due: (db: Queryable, lockNamespace: number, limit: number, now: Date): Promise<DueJob[]> =>
      db.query<DueJob>(
        `SELECT j.id, j.lock_key AS "lockKey" FROM ${table} j
          WHERE j.status IN ('QUEUED', 'RUNNING') AND (j.run_after IS NULL OR j.run_after <= $1)
            AND ${notHeldSql(lockNamespace, 'j.lock_key')}
          ORDER BY j.created_at LIMIT $2`,
        [now, limit],
      ),
    /** The SET and WHERE of a claim (`$1` the id, `$2` the moment): running, one more attempt, stalls counted. */
    claimSql: `UPDATE ${table}
                  SET status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, $2), heartbeat_at = $2, run_after = NULL,
                      ${stallsSet(PROGRESS[table])}
                WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    /** Columns a claim returns for the runner itself. */
    claimedColumns: `attempts, stalls`,
    heartbeat: async (db: Queryable, job: { id: string; attempts: number }, now: Date): Promise<boolean> =>
      (await db.execute(`UPDATE ${table} SET heartbeat_at = $3 WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`, [job.id, job.attempts, now])) === 1,
    retryLater: async (db: Queryable, job: { id: string; attempts: number }, at: Date): Promise<void> => {
      await db.execute(`UPDATE ${table} SET run_after = $3 WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`, [job.id, job.attempts, at]);
    },
    purgeFinished: (db: Queryable, before: Date): Promise<number> =>
      db.execute(`DELETE FROM ${table} WHERE status IN ('SUCCEEDED', 'FAILED') AND finished_at < $1`, [before]),
  };
}
