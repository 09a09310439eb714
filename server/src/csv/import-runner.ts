import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import type { Connection, Database, Queryable } from '../db/database';
import { isConnectionError } from '../db/pg-errors';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import { CsvFileError } from './csv-file-error';
import { readRecords } from './csv-reader';
import { ImportMode } from './dto/import-job.type';
import { EmailSet } from './email-set';
import { mapColumns } from './import-columns';
import { checkRow, unescapeCells } from './import-row';
import { type BatchRow, batchRow } from './import-batch';
import { type BatchTotals, ImportWriter, JobTakenOverError } from './import-writer';
import { committedRows, ParallelWriters } from './import-writers';

/** First key of every import job's advisory lock (the second is the job's lock_key). */
const LOCK_NAMESPACE = 7436111;
/** A job interrupted this often (crashes, restarts) is given up rather than retried forever. */
const MAX_ATTEMPTS = 5;
const READ_SLICE = 32 * 1024;

export interface ImportRunnerOptions {
  databaseUrl: string;
  logger: Logger;
  /** Where the writers read the time of each batch. */
  clock: Clock;
  /** How often to look for queued jobs and jobs whose runner died. */
  pollMs?: number;
  /** Jobs this process runs at once. */
  concurrency?: number;
  /** Connections each job writes its batches on at once (2: one per core of a small machine). */
  writers?: number;
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
    let connectionLost = false;
    const client = await this.db.dedicated('user-manager import', () => {
      connectionLost = true;
    });
    let job: JobRow | undefined;
    try {
      const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        LOCK_NAMESPACE,
        lockKey,
      ]);
      if (!locked[0]!.locked) return;
      const rows = await client.query<JobRow>(
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
      if (error instanceof JobTakenOverError) {
        // This run lost its lock (its connection dropped) and another took the job: that one finishes it.
        this.options.logger.warn({ job: job.id }, 'import job taken over by another run');
      } else if (error instanceof CsvFileError) {
        await this.fail(job, error.message);
      } else if (this.stopping || connectionLost || isConnectionError(error)) {
        // The job stays RUNNING with its last batch committed; the next poll resumes it.
        this.options.logger.warn({ err: error, job: job.id }, 'import job interrupted; it will resume');
      } else {
        this.options.logger.error({ err: error, job: job.id, app: job.appId }, 'import job failed');
        await this.fail(job, 'The import stopped because of an internal error; the rows counted as processed were written');
      }
    } finally {
      await client.release();
    }
  }

  private async process(client: Connection, job: JobRow): Promise<void> {
    const { logger } = this.options;
    const started = Date.now();
    const fields = await this.profileFields.list(job.appId);
    const { columns } = mapColumns(job.header, fields);
    const spans = await client.query<{ first: number; end: number }>(
      'SELECT lower(span) AS first, upper(span) AS "end" FROM import_jobs, unnest(committed_rows) AS span WHERE id = $1',
      [job.id],
    );
    const committed = committedRows(spans.map((span) => [span.first, span.end] as const));
    const required = fields.filter((field) => field.required);
    // The writer refuses some good rows (an email that exists in insert mode, a new user without a
    // required value): only then must a good row keep its cells for the errors file.
    const keepCells = job.mode === ImportMode.INSERT || required.length > 0;
    const emails = new EmailSet(job.totalRows ?? 0);
    logger.info(
      { job: job.id, app: job.appId, mode: job.mode, rows: job.totalRows, afterRow: job.lastRow },
      job.lastRow > 1 ? 'csv import resumed' : 'csv import started',
    );

    const extra: Connection[] = [];
    let timings: { writersBusy: number; parserWaiting: number } | undefined;
    try {
      for (let count = 1; count < (this.options.writers ?? 2); count += 1) extra.push(await this.db.dedicated('user-manager import'));
      const writers = new ParallelWriters(
        [client, ...extra].map((connection) => new ImportWriter(connection, this.options.clock)),
        { id: job.id, appId: job.appId, mode: job.mode, fields, attempt: job.attempts },
      );
      let batch: BatchRow[] = [];
      // Each batch covers the file rows from the end of the one before it to its own last row.
      let spanStart = 2;
      const submit = async (last: number) => {
        const rows = batch;
        batch = [];
        await writers.submit(rows, { first: spanStart, last });
        spanStart = last + 1;
      };

      let header = true;
      for await (const records of readRecords(this.chunks(job))) {
        if (this.stopping) {
          await writers.drain();
          return;
        }
        for (const record of records) {
          if (header) {
            header = false;
            continue;
          }
          const cells = unescapeCells(record.cells);
          let check = checkRow(columns, cells);
          if (check.user) {
            const earlier = emails.claim(check.user.email, record.row);
            if (earlier !== 0) {
              check = { problems: [{ column: 'email', message: `email ${check.user.email} is already in row ${earlier} of this file (emails are compared without case)` }] };
            }
          }
          // Rows a previous run committed are read again only to know their emails.
          if (committed(record.row)) continue;
          batch.push(batchRow(record.row, cells, check, required, keepCells));
          if (batch.length >= writers.batchSize) {
            await submit(record.row);
            if (this.stopping) {
              await writers.drain();
              return;
            }
          }
        }
        // Parsing is the one thing here that uses the CPU for long: let requests in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (batch.length > 0 && !this.stopping) await submit(batch.at(-1)!.row);
      await writers.drain();
      if (this.stopping) return;
      // Where the time went: writers busy all along mean Postgres bounds the job; idle ones, the parser.
      const elapsed = Math.max(1, Date.now() - started);
      timings = {
        writersBusy: Math.round((writers.timings.writingMs / (elapsed * (1 + extra.length))) * 100) / 100,
        parserWaiting: Math.round((writers.timings.waitingMs / elapsed) * 100) / 100,
      };
    } finally {
      await Promise.all(extra.map((connection) => connection.release()));
    }

    const rows = await client.transaction(async (tx) => {
      const finished = await tx.query<BatchTotals>(
        `UPDATE import_jobs SET status = 'SUCCEEDED', finished_at = now(), total_rows = processed_rows
          WHERE id = $1 AND attempts = $2
          RETURNING processed_rows AS processed, created, updated, unchanged, failed`,
        [job.id, job.attempts],
      );
      if (finished.length === 0) throw new JobTakenOverError(job.id);
      await tx.execute('DELETE FROM import_job_chunks WHERE job_id = $1', [job.id]);
      await this.recordEnd(tx, job, { status: 'SUCCEEDED', ...finished[0] });
      return finished;
    });
    logger.info({ job: job.id, app: job.appId, mode: job.mode, ...rows[0], ms: Date.now() - started, ...timings }, 'csv import finished');
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
      // Only this run's job: a run that lost its lock leaves the job to whoever took it.
      const failed = await tx.execute(
        `UPDATE import_jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1 AND attempts = $3 AND status IN ('QUEUED', 'RUNNING')`,
        [job.id, message, job.attempts],
      );
      if (failed === 0) return;
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
