import pg from 'pg';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import type { Database, Queryable } from '../db/database';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import { CsvFileError } from './csv-file-error';
import { readRecords } from './csv-reader';
import type { ImportMode } from './dto/import-job.type';
import { EmailSet } from './email-set';
import { mapColumns } from './import-columns';
import { checkRow, unescapeCells } from './import-row';
import { type BatchRow, type BatchTotals, ImportWriter } from './import-writer';

/** First key of every import job's advisory lock (the second is the job's lock_key). */
const LOCK_NAMESPACE = 7436111;
/** A job interrupted this often (crashes, restarts) is given up rather than retried forever. */
const MAX_ATTEMPTS = 5;
/** Batches are sized to commit about twice a second, so progress moves at least once a second. */
const TARGET_BATCH_MS = 500;
const MIN_BATCH = 500;
const MAX_BATCH = 10_000;
const READ_SLICE = 32 * 1024;
const FIRST_BATCH = 2_000;

export interface ImportRunnerOptions {
  databaseUrl: string;
  logger: Logger;
  /** How often to look for queued jobs and jobs whose runner died. */
  pollMs?: number;
  /** Jobs this process runs at once. */
  concurrency?: number;
  /** Where the end of every import is recorded, in the transaction that ends the job. */
  audit?: AuditService;
}

interface JobRow {
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
}

/**
 * Runs import jobs in the background of every server process. A job belongs
 * to whoever holds its advisory lock, held by the job's own connection: when a
 * process dies its connection closes, the lock frees, and the next poll (of
 * any instance) resumes the job after the last committed batch.
 */
export class ImportRunner {
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  private readonly pollMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: Database,
    private readonly profileFields: ProfileFieldService,
    private readonly options: ImportRunnerOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 2;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for work now (after an upload, or when a job ends). */
  kick(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((error) => this.options.logger.warn({ err: error }, 'could not look for import jobs'))
      .finally(() => {
        this.polling = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops taking jobs; running ones stop after their current batch and stay RUNNING for the next process. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.polling;
    await Promise.allSettled(this.running.values());
  }

  private async poll(): Promise<void> {
    const free = this.concurrency - this.running.size;
    if (free <= 0) return;
    const candidates = await this.db.query<{ id: string; lockKey: number }>(
      `SELECT j.id, j.lock_key AS "lockKey" FROM import_jobs j
        WHERE j.status IN ('QUEUED', 'RUNNING')
          AND NOT EXISTS (
            SELECT 1 FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = $1::int::oid AND l.objid = j.lock_key::oid AND l.objsubid = 2)
        ORDER BY j.created_at LIMIT $2`,
      [LOCK_NAMESPACE, free + this.running.size],
    );
    for (const candidate of candidates) {
      if (this.stopping || this.running.size >= this.concurrency) return;
      if (this.running.has(candidate.id)) continue;
      const run = this.run(candidate.id, candidate.lockKey)
        .catch((error) => this.options.logger.error({ err: error, job: candidate.id }, 'import job crashed'))
        .finally(() => {
          this.running.delete(candidate.id);
          this.kick();
        });
      this.running.set(candidate.id, run);
    }
  }

  private async run(jobId: string, lockKey: number): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'user-manager import',
      options: '-c TimeZone=UTC',
    });
    let connectionLost = false;
    client.on('error', () => {
      connectionLost = true;
    });
    await client.connect();
    let job: JobRow | undefined;
    try {
      const { rows: locked } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        LOCK_NAMESPACE,
        lockKey,
      ]);
      if (!locked[0]!.locked) return;
      const { rows } = await client.query<JobRow>(
        `UPDATE import_jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now())
          WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
          RETURNING id, app_id AS "appId", created_by AS "createdBy", mode, header, total_rows AS "totalRows", chunk_count AS "chunkCount",
                    last_row AS "lastRow", processed_rows AS "processedRows", attempts`,
        [jobId],
      );
      job = rows[0];
      if (!job) return;
      if (job.attempts > MAX_ATTEMPTS) {
        await this.fail(job, `The import was interrupted ${MAX_ATTEMPTS} times and was given up after row ${job.lastRow}`);
        return;
      }
      await this.process(client, job);
    } catch (error) {
      if (!job) throw error;
      if (error instanceof CsvFileError) {
        await this.fail(job, error.message);
      } else if (this.stopping || connectionLost || isConnectionError(error)) {
        // The job stays RUNNING with its last batch committed; the next poll resumes it.
        this.options.logger.warn({ err: error, job: job.id }, 'import job interrupted; it will resume');
      } else {
        this.options.logger.error({ err: error, job: job.id, app: job.appId }, 'import job failed');
        await this.fail(job, 'The import stopped because of an internal error; the rows counted as processed were written');
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async process(client: pg.Client, job: JobRow): Promise<void> {
    const { logger } = this.options;
    const started = Date.now();
    const fields = await this.profileFields.list(job.appId);
    const { columns } = mapColumns(job.header, fields);
    const writer = new ImportWriter(client);
    const batchJob = { id: job.id, appId: job.appId, mode: job.mode, fields };
    const emails = new EmailSet(job.totalRows ?? 0);
    const totals: BatchTotals = { processed: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    logger.info(
      { job: job.id, app: job.appId, mode: job.mode, rows: job.totalRows, afterRow: job.lastRow },
      job.lastRow > 1 ? 'csv import resumed' : 'csv import started',
    );

    let batchSize = FIRST_BATCH;
    let batch: BatchRow[] = [];
    let writing: Promise<void> | undefined;
    const write = (rows: BatchRow[], lastRow: number): Promise<void> => {
      const began = Date.now();
      const done = writer.write(batchJob, rows, lastRow).then((written) => {
        for (const key of Object.keys(totals) as Array<keyof BatchTotals>) totals[key] += written[key];
        const factor = Math.min(2, Math.max(0.5, TARGET_BATCH_MS / Math.max(1, Date.now() - began)));
        batchSize = Math.round(Math.min(MAX_BATCH, Math.max(MIN_BATCH, batchSize * factor)));
      });
      // Awaited before the next batch; this only keeps an early failure from counting as unhandled.
      done.catch(() => undefined);
      return done;
    };

    let header = true;
    for await (const records of readRecords(this.chunks(job))) {
      if (this.stopping) {
        await writing;
        return;
      }
      for (const record of records) {
        if (header) {
          header = false;
          continue;
        }
        const cells = unescapeCells(record.cells);
        const check = checkRow(columns, cells);
        const row: BatchRow = { row: record.row, cells, ...check };
        if (check.user) {
          const earlier = emails.claim(check.user.email, record.row);
          if (earlier !== 0) {
            row.user = undefined;
            row.problems = [{ column: 'email', message: `email ${check.user.email} is already in row ${earlier} of this file (emails are compared without case)` }];
          }
        }
        // Rows a previous run committed are read again only to know their emails.
        if (record.row <= job.lastRow) continue;
        batch.push(row);
        if (batch.length >= batchSize) {
          await writing;
          if (this.stopping) return;
          writing = write(batch, record.row);
          batch = [];
        }
      }
      // Parsing is the one thing here that uses the CPU for long: let requests in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    if (batch.length > 0) {
      if (this.stopping) return;
      await write(batch, batch.at(-1)!.row);
    }

    await client.query('BEGIN');
    const { rows } = await client.query<BatchTotals>(
      `UPDATE import_jobs SET status = 'SUCCEEDED', finished_at = now(), total_rows = processed_rows
        WHERE id = $1
        RETURNING processed_rows AS processed, created, updated, unchanged, failed`,
      [job.id],
    );
    await client.query('DELETE FROM import_job_chunks WHERE job_id = $1', [job.id]);
    await this.recordEnd(queryable(client), job, { status: 'SUCCEEDED', ...rows[0] });
    await client.query('COMMIT');
    logger.info({ job: job.id, app: job.appId, mode: job.mode, ...rows[0], ms: Date.now() - started }, 'csv import finished');
  }

  /**
   * The stored file, chunk by chunk (the next fetched while this one is
   * parsed), each as 32 KB slices in one statement. Small slices keep every
   * string on the way (pg reads bytea as hex text) out of V8's large-object
   * space, which only a full collection frees, and keep the parser's work per
   * turn of the event loop short.
   */
  private async *chunks(job: JobRow): AsyncGenerator<Buffer> {
    const fetch = (seq: number) =>
      this.db
        .query<{ data: Buffer }>(
          `SELECT substring(c.data FROM start FOR $3) AS data
             FROM import_job_chunks c, generate_series(1, length(c.data), $3) AS start
            WHERE c.job_id = $1 AND c.seq = $2
            ORDER BY start`,
          [job.id, seq, READ_SLICE],
        )
        .then((rows) => {
          if (rows.length === 0) throw new CsvFileError('The stored file is incomplete; upload it again');
          return rows.map((row) => row.data);
        });
    let next: Promise<Buffer[]> | undefined = job.chunkCount > 0 ? fetch(0) : undefined;
    for (let seq = 0; next; seq += 1) {
      const current = next;
      next = seq + 1 < job.chunkCount ? fetch(seq + 1) : undefined;
      next?.catch(() => undefined);
      yield* await current;
    }
  }

  private async fail(job: JobRow, message: string): Promise<void> {
    this.options.logger.warn({ job: job.id, app: job.appId, message }, 'csv import failed');
    await this.db.transaction(async (tx) => {
      await tx.execute(`UPDATE import_jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1`, [job.id, message]);
      await tx.execute('DELETE FROM import_job_chunks WHERE job_id = $1', [job.id]);
      await this.recordEnd(tx, job, { status: 'FAILED', message });
    });
  }

  /** The audit entry of a finished import: who started it, its mode and counts (one entry per import, not per row). */
  private async recordEnd(tx: Queryable, job: JobRow, outcome: Record<string, unknown>): Promise<void> {
    await this.options.audit?.record(tx, { appId: job.appId, subject: job.createdBy, role: 'admin' }, [
      { action: 'csv.import', details: { jobId: job.id, mode: job.mode, ...outcome } },
    ]);
  }
}

/** Errors that mean the database went away (restart, network), not that the job is wrong. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return error instanceof Error && /Connection terminated|ECONNRESET|ECONNREFUSED/.test(error.message);
  return code.startsWith('08') || code.startsWith('57P') || ['ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code);
}

/** A job's own connection as the audit service takes it. */
function queryable(client: pg.Client): Queryable {
  return {
    query: <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      client.query<Row>(sql, params as unknown[]).then((result) => result.rows),
    execute: (sql: string, params: readonly unknown[] = []) =>
      client.query(sql, params as unknown[]).then((result) => result.rowCount ?? 0),
  };
}
