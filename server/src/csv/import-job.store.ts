import type { Clock } from '../common/clock';
import { isUuid } from '../common/ids';
import type { Database, Queryable, Session } from '../db/database';
import { pageSize } from '../graphql/connection';
import type { DueJob, JobStore } from '../jobs/job-queue';
import { jobTable } from '../jobs/job-table';
import { copyValue } from './csv-cells';
import type { ImportJob, ImportMode, ImportRowError } from './dto/import-job.type';
import type { RowProblem } from './import-row';

/** An email as a word of a failed row's text: what is between the separators JSON and the messages use. */
const EMAIL_WORD = `([^\\s",;:<>()\\[\\]{}]+@[^\\s",;:<>()\\[\\]{}]*[^\\s",;:<>()\\[\\]{}.])`;

export const DEFAULT_ERRORS = 100;
export const MAX_ERRORS = 1000;
const ERROR_PAGE = 2000;

const JOB_COLUMNS = `id, app_id AS "appId", status, mode, total_rows AS "totalRows", processed_rows AS "processedRows",
  created, updated, unchanged, failed, message, warnings, created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt"`;

/** A claimed import job: what its run needs to read the file and write its batches. */
export interface ImportJobRow {
  id: string;
  appId: string;
  createdBy: string;
  mode: ImportMode;
  header: string[];
  totalRows: number | null;
  chunkCount: number;
  lastRow: number;
  processedRows: number;
  attempts: number;
  stalls: number;
}

/** A failed row as the errors file gives it back: its cells and what was wrong. */
export interface FailedRow {
  row: number;
  cells: string[];
  problems: Array<{ column: string; message: string }>;
}

/** What one committed batch adds to its job. */
export interface BatchCounts {
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** The file rows a batch covers, first to last: its own rows and blank or already written ones between them. */
export interface RowSpan {
  first: number;
  last: number;
}

const TABLE = jobTable('import_jobs');

/**
 * An upload still UPLOADING after this long was left by a process that died
 * (a live one ends within CSV_MAX_DURATION, at most two hours), and is purged
 * with its chunks.
 */
export const UPLOAD_ABANDONED_MS = 3 * 3_600_000;

/**
 * Every statement on import jobs, their stored file and their row errors:
 * the upload creates a job, the job runner claims it, its run reads the
 * file and commits batches with their progress, and the API reads it back,
 * always within the caller's app.
 */
export class ImportJobStore implements JobStore<ImportJobRow> {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  // The upload.

  /** A job for a file still coming in: UPLOADING, seen by no runner and no API read until markStored. */
  async create(tx: Queryable, appId: string, mode: ImportMode, createdBy: string, now: Date): Promise<string> {
    const [job] = await tx.query<{ id: string }>(
      `INSERT INTO import_jobs (app_id, mode, status, created_by, created_at) VALUES ($1, $2, 'UPLOADING', $3, $4) RETURNING id`,
      [appId, mode, createdBy, now],
    );
    return job!.id;
  }

  async addChunk(db: Queryable, jobId: string, appId: string, seq: number, data: Buffer): Promise<void> {
    await db.execute('INSERT INTO import_job_chunks (job_id, app_id, seq, data) VALUES ($1, $2, $3, $4)', [jobId, appId, seq, data]);
  }

  /** The whole file is stored and checked: the job is QUEUED, and runners may take it. */
  async markStored(
    db: Queryable,
    jobId: string,
    file: { bytes: number; chunks: number; header: string[]; warnings: string[]; totalRows: number },
  ): Promise<void> {
    await db.execute(
      `UPDATE import_jobs SET status = 'QUEUED', byte_size = $2, chunk_count = $3, header = $4, warnings = $5, total_rows = $6
        WHERE id = $1 AND status = 'UPLOADING'`,
      [jobId, file.bytes, file.chunks, file.header, file.warnings, file.totalRows],
    );
  }

  /** An upload refused or abandoned: its job and chunks go. */
  async discardUpload(jobId: string): Promise<void> {
    await this.db.execute(`DELETE FROM import_jobs WHERE id = $1 AND status = 'UPLOADING'`, [jobId]);
  }

  /** A job refused before it could run (the file itself was unreadable): FAILED from the start, nothing of the file kept. */
  async createRefused(request: { appId: string; mode: ImportMode; createdBy: string; bytes: number; message: string; now: Date }): Promise<string> {
    const [failed] = await this.db.query<{ id: string }>(
      `INSERT INTO import_jobs (app_id, mode, status, created_by, byte_size, message, created_at, finished_at)
       VALUES ($1, $2, 'FAILED', $3, $4, $5, $6, $6) RETURNING id`,
      [request.appId, request.mode, request.createdBy, request.bytes, request.message, request.now],
    );
    return failed!.id;
  }

  // The job runner (see JobStore).

  due(db: Queryable, lockNamespace: number, limit: number, now: Date): Promise<DueJob[]> {
    return TABLE.due(db, lockNamespace, limit, now);
  }

  async claim(db: Queryable, id: string, now: Date): Promise<ImportJobRow | undefined> {
    const [job] = await db.query<ImportJobRow>(
      `${TABLE.claimSql}
        RETURNING id, app_id AS "appId", created_by AS "createdBy", mode, header, total_rows AS "totalRows", chunk_count AS "chunkCount",
                  last_row AS "lastRow", processed_rows AS "processedRows", ${TABLE.claimedColumns}`,
      [id, now],
    );
    return job;
  }

  heartbeat(db: Queryable, job: ImportJobRow, now: Date): Promise<boolean> {
    return TABLE.heartbeat(db, job, now);
  }

  retryLater(db: Queryable, job: ImportJobRow, at: Date): Promise<void> {
    return TABLE.retryLater(db, job, at);
  }

  /** Their failed rows and any stored chunks go with them (ON DELETE CASCADE). */
  /** Finished jobs older than `before`, and uploads begun more than UPLOAD_ABANDONED_MS ago that never ended (their process died). */
  async purgeFinished(db: Queryable, before: Date): Promise<number> {
    const abandoned = await db.execute(`DELETE FROM import_jobs WHERE status = 'UPLOADING' AND created_at < $1`, [
      new Date(this.clock.now().getTime() - UPLOAD_ABANDONED_MS),
    ]);
    return abandoned + (await TABLE.purgeFinished(db, before));
  }

  // The run.

  /** The spans of file rows that earlier runs committed, in file order, each [first, end). */
  async committedSpans(db: Queryable, jobId: string): Promise<Array<readonly [number, number]>> {
    const spans = await db.query<{ first: number; end: number }>(
      'SELECT lower(span) AS first, upper(span) AS "end" FROM import_jobs, unnest(committed_rows) AS span WHERE id = $1',
      [jobId],
    );
    return spans.map((span) => [span.first, span.end] as const);
  }

  /**
   * One stored chunk as slices of `sliceBytes`, in one statement. Small
   * slices keep every string on the way (pg reads bytea as hex text) out of
   * V8's large-object space, which only a full collection frees.
   */
  chunkSlices(jobId: string, seq: number, sliceBytes: number): Promise<Buffer[]> {
    return this.db
      .query<{ data: Buffer }>(
        `SELECT substring(c.data FROM start FOR $3) AS data
           FROM import_job_chunks c, generate_series(1, length(c.data), $3) AS start
          WHERE c.job_id = $1 AND c.seq = $2
          ORDER BY start`,
        [jobId, seq, sliceBytes],
      )
      .then((rows) => rows.map((row) => row.data));
  }

  /** The failed rows of a batch, in its transaction. */
  async addRowErrors(
    tx: Session,
    job: ImportJobRow,
    problems: ReadonlyMap<number, RowProblem[]>,
    cellsOf: ReadonlyMap<number, string[] | undefined>,
  ): Promise<void> {
    function* lines() {
      for (const [row, list] of problems) {
        yield `${[job.id, job.appId, String(row), JSON.stringify(list), JSON.stringify(cellsOf.get(row) ?? [])].map(copyValue).join('\t')}\n`;
      }
    }
    await tx.copyIn('COPY import_job_errors (job_id, app_id, row_number, problems, cells) FROM STDIN', lines());
  }

  /**
   * Adds a committed batch's counts and the span of rows it covered, in the
   * batch's transaction; false when the job is no longer this run's (it was
   * taken over), and the batch must roll back.
   */
  async recordBatch(tx: Queryable, job: ImportJobRow, counts: BatchCounts, span: RowSpan, now: Date): Promise<boolean> {
    const changed = await tx.execute(
      `UPDATE import_jobs
          SET processed_rows = processed_rows + $2, created = created + $3, updated = updated + $4,
              unchanged = unchanged + $5, failed = failed + $6,
              committed_rows = committed_rows + int4multirange(int4range($7, $8, '[]')),
              last_row = (SELECT upper(span) - 1 FROM unnest(committed_rows + int4multirange(int4range($7, $8, '[]'))) AS span LIMIT 1),
              progress_at = $10
        WHERE id = $1 AND attempts = $9`,
      [job.id, counts.processed, counts.created, counts.updated, counts.unchanged, counts.failed, span.first, span.last, job.attempts, now],
    );
    return changed === 1;
  }

  /** Ends this run's job SUCCEEDED and drops its file; undefined when it is no longer this run's. */
  async succeed(tx: Queryable, job: ImportJobRow, now: Date): Promise<BatchCounts | undefined> {
    const [totals] = await tx.query<BatchCounts>(
      `UPDATE import_jobs SET status = 'SUCCEEDED', finished_at = $3, total_rows = processed_rows
        WHERE id = $1 AND attempts = $2
        RETURNING processed_rows AS processed, created, updated, unchanged, failed`,
      [job.id, job.attempts, now],
    );
    if (totals) await tx.execute('DELETE FROM import_job_chunks WHERE job_id = $1', [job.id]);
    return totals;
  }

  /** Ends this run's job FAILED with the message and drops its file; false when it is no longer this run's. */
  async fail(tx: Queryable, job: ImportJobRow, message: string, now: Date): Promise<boolean> {
    const failed = await tx.execute(
      `UPDATE import_jobs SET status = 'FAILED', message = $2, finished_at = $4 WHERE id = $1 AND attempts = $3 AND status IN ('QUEUED', 'RUNNING')`,
      [job.id, message, job.attempts, now],
    );
    if (failed > 0) await tx.execute('DELETE FROM import_job_chunks WHERE job_id = $1', [job.id]);
    return failed > 0;
  }

  /**
   * Failed rows are kept for their error report; those naming the email of a
   * user deleted for good go with the user. A row names an email when one of
   * the words it holds (cells and problems, without case) is that email:
   * each row's words are read once, however many users go at once.
   */
  async eraseRowsNaming(tx: Queryable, appId: string, emails: readonly string[]): Promise<void> {
    await tx.execute(
      `DELETE FROM import_job_errors e
        WHERE e.app_id = $1
          AND EXISTS (SELECT 1 FROM regexp_matches(lower(e.cells::text || ' ' || e.problems::text), $3, 'g') AS word(found)
                       WHERE word.found[1] = ANY($2::text[]))`,
      [appId, emails, EMAIL_WORD],
    );
  }

  // The API.

  async find(appId: string, id: string): Promise<ImportJob | null> {
    if (!isUuid(id)) return null;
    const [job] = await this.db.query<ImportJob>(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE app_id = $1 AND id = $2 AND status <> 'UPLOADING'`, [appId, id]);
    return job ?? null;
  }

  /** The first problems of the job's failed rows, in file order. */
  errors(appId: string, jobId: string, first: number | null | undefined): Promise<ImportRowError[]> {
    const limit = pageSize(first, DEFAULT_ERRORS, MAX_ERRORS);
    return this.db.query<ImportRowError>(
      `SELECT e.row_number AS row, problem->>'column' AS column, problem->>'message' AS message
         FROM import_job_errors e, jsonb_array_elements(e.problems) WITH ORDINALITY AS p(problem, position)
        WHERE e.app_id = $1 AND e.job_id = $2
        ORDER BY e.row_number, p.position
        LIMIT $3`,
      [appId, jobId, limit],
    );
  }

  /** The original header of a job's file, or undefined when the job is not the app's. */
  async header(appId: string, jobId: string): Promise<string[] | undefined> {
    if (!isUuid(jobId)) return undefined;
    const [job] = await this.db.query<{ header: string[] }>("SELECT header FROM import_jobs WHERE app_id = $1 AND id = $2 AND status <> 'UPLOADING'", [
      appId,
      jobId,
    ]);
    return job?.header;
  }

  /** Every failed row in file order, a page at a time (keyset on the row), so memory stays flat. */
  async *failedRows(appId: string, jobId: string): AsyncGenerator<FailedRow> {
    let after = 0;
    for (;;) {
      const page = await this.db.query<FailedRow>(
        `SELECT row_number AS row, cells, problems FROM import_job_errors
          WHERE app_id = $1 AND job_id = $2 AND row_number > $3
          ORDER BY row_number LIMIT $4`,
        [appId, jobId, after, ERROR_PAGE],
      );
      yield* page;
      if (page.length < ERROR_PAGE) return;
      after = page.at(-1)!.row;
    }
  }
}
