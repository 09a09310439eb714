import { isUuid } from '../common/ids';
import type { Database, Queryable } from '../db/database';
import type { DueJob, JobStore } from '../jobs/job-queue';
import { jobTable } from '../jobs/job-table';
import type { ParsedFilter } from '../users/user-filter';
import type { BulkAction, BulkJob, BulkJobStatus } from './dto/bulk-job.type';

/** A claimed bulk job: what its run needs to find the next batch and change it. */
export interface BulkJobRow {
  id: string;
  appId: string;
  action: BulkAction;
  filter: ParsedFilter;
  reason: string | null;
  bannedUntil: Date | null;
  tagIds: string[];
  total: number;
  matchedBefore: Date;
  /** Where the last batch ended in signup order (the signup time as Postgres prints it, for no loss), or null before the first. */
  after: { signedUpAt: string; id: string } | null;
  createdBy: string;
  createdRole: string;
  attempts: number;
  stalls: number;
}

export interface NewBulkJob {
  appId: string;
  action: BulkAction;
  filter: ParsedFilter;
  reason: string | null;
  bannedUntil: Date | null;
  tagIds: string[];
  expectedCount: number;
  total: number;
  createdBy: string;
  createdRole: string;
  now: Date;
}

const JOB_COLUMNS = `id, status, action, total, processed, changed, message, created_at AS "createdAt", finished_at AS "finishedAt"`;

const TABLE = jobTable('bulk_jobs');

const ROW_COLUMNS = `id, app_id AS "appId", action, filter, reason, banned_until AS "bannedUntil", tag_ids AS "tagIds", total,
  matched_before AS "matchedBefore", after_signed_up_at::text AS "afterSignedUpAt", after_id AS "afterId",
  created_by AS "createdBy", created_role AS "createdRole", ${TABLE.claimedColumns}`;

type StoredRow = Omit<BulkJobRow, 'filter' | 'after'> & { filter: StoredFilter; afterSignedUpAt: string | null; afterId: string | null };

/** A ParsedFilter as JSON keeps it: its dates as ISO text. */
type StoredFilter = Omit<ParsedFilter, 'signedUpFrom' | 'signedUpTo'> & { signedUpFrom?: string; signedUpTo?: string };

const toRow = ({ filter, afterSignedUpAt, afterId, ...row }: StoredRow): BulkJobRow => ({
  ...row,
  filter: {
    ...filter,
    signedUpFrom: filter.signedUpFrom ? new Date(filter.signedUpFrom) : undefined,
    signedUpTo: filter.signedUpTo ? new Date(filter.signedUpTo) : undefined,
  },
  after: afterSignedUpAt && afterId ? { signedUpAt: afterSignedUpAt, id: afterId } : null,
});

/** Every statement on bulk jobs: created by startBulkJob, claimed by the job runner, moved on by each batch, read by bulkJob. */
export class BulkJobStore implements JobStore<BulkJobRow> {
  constructor(private readonly db: Database) {}

  async create(tx: Queryable, job: NewBulkJob): Promise<BulkJob> {
    const [created] = await tx.query<BulkJob>(
      `INSERT INTO bulk_jobs (app_id, action, status, filter, reason, banned_until, tag_ids, expected_count, total, matched_before,
                              created_by, created_role, created_at)
       VALUES ($1, $2, 'QUEUED', $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $9)
       RETURNING ${JOB_COLUMNS}`,
      [
        job.appId,
        job.action,
        JSON.stringify(job.filter),
        job.reason,
        job.bannedUntil,
        job.tagIds,
        job.expectedCount,
        job.total,
        job.now,
        job.createdBy,
        job.createdRole,
      ],
    );
    return created!;
  }

  due(db: Queryable, lockNamespace: number, limit: number, now: Date): Promise<DueJob[]> {
    return TABLE.due(db, lockNamespace, limit, now);
  }

  async claim(db: Queryable, id: string, now: Date): Promise<BulkJobRow | undefined> {
    const [job] = await db.query<StoredRow>(
      `${TABLE.claimSql}
        RETURNING ${ROW_COLUMNS}`,
      [id, now],
    );
    return job && toRow(job);
  }

  heartbeat(db: Queryable, job: BulkJobRow, now: Date): Promise<boolean> {
    return TABLE.heartbeat(db, job, now);
  }

  retryLater(db: Queryable, job: BulkJobRow, at: Date): Promise<void> {
    return TABLE.retryLater(db, job, at);
  }

  purgeFinished(db: Queryable, before: Date): Promise<number> {
    return TABLE.purgeFinished(db, before);
  }

  /**
   * Adds a committed batch to its job and moves the job on past its last
   * user, in the batch's transaction; false when the job is no longer this
   * run's (it was taken over), and the batch must roll back.
   */
  async recordBatch(tx: Queryable, job: BulkJobRow, batch: { processed: number; changed: number; last: { signedUpAt: string; id: string } }): Promise<boolean> {
    const moved = await tx.execute(
      `UPDATE bulk_jobs SET processed = processed + $3, changed = changed + $4, after_signed_up_at = $5::timestamptz, after_id = $6
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [job.id, job.attempts, batch.processed, batch.changed, batch.last.signedUpAt, batch.last.id],
    );
    return moved === 1;
  }

  async finish(db: Queryable, job: BulkJobRow, outcome: { status: BulkJobStatus; message?: string }, now: Date): Promise<boolean> {
    const finished = await db.execute(
      `UPDATE bulk_jobs SET status = $3, message = $4, finished_at = $5 WHERE id = $1 AND attempts = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [job.id, job.attempts, outcome.status, outcome.message ?? null, now],
    );
    return finished === 1;
  }

  async find(appId: string, id: string): Promise<BulkJob | null> {
    if (!isUuid(id)) return null;
    const [job] = await this.db.query<BulkJob>(`SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE app_id = $1 AND id = $2`, [appId, id]);
    return job ?? null;
  }
}
