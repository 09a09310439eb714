import { isUuid } from '../common/ids';
import type { Database } from '../db/database';
import { pageSize } from '../graphql/connection';
import type { ImportJob, ImportRowError } from './dto/import-job.type';

export const DEFAULT_ERRORS = 100;
export const MAX_ERRORS = 1000;
const ERROR_PAGE = 2000;

const JOB_COLUMNS = `id, app_id AS "appId", status, mode, total_rows AS "totalRows", processed_rows AS "processedRows",
  created, updated, unchanged, failed, message, warnings, created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt"`;

/** A failed row as the errors file gives it back: its cells and what was wrong. */
export interface FailedRow {
  row: number;
  cells: string[];
  problems: Array<{ column: string; message: string }>;
}

/** Reads import jobs and their row errors, always within the caller's app. */
export class ImportJobService {
  constructor(private readonly db: Database) {}

  async find(appId: string, id: string): Promise<ImportJob | null> {
    if (!isUuid(id)) return null;
    const [job] = await this.db.query<ImportJob>(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE app_id = $1 AND id = $2`, [appId, id]);
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
    const [job] = await this.db.query<{ header: string[] }>('SELECT header FROM import_jobs WHERE app_id = $1 AND id = $2', [appId, jobId]);
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
