import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import type { Connection, Database, Queryable } from '../db/database';
import { JobTakenOverError, type QueueDefinition } from '../jobs/job-queue';
import { analyzeAfterWrite } from '../db/table-statistics';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import type { CsvLimits } from '../config/config';
import { CsvFileError } from './csv-file-error';
import { readRecords } from './csv-reader';
import { ImportMode } from './dto/import-job.type';
import { EmailSet } from './email-set';
import { type BatchRow, batchRow } from './import-batch';
import { mapColumns } from './import-columns';
import type { ImportJobRow, ImportJobStore } from './import-job.store';
import { checkRow, unescapeCells } from './import-row';
import { ImportWriter } from './import-writer';
import { committedRows, ParallelWriters } from './import-writers';

export const IMPORT_QUEUE = 'import';
/** First key of every import job's advisory lock (the second is the job's lock_key). */
const LOCK_NAMESPACE = 7436111;
/** Finished import jobs, with the failed rows they hold (personal data), are kept this long; the audit log keeps that they ran. */
export const IMPORT_JOBS_KEPT_MS = 30 * 86_400_000;
const READ_SLICE = 32 * 1024;

export interface ImportQueueDependencies {
  db: Database;
  store: ImportJobStore;
  profileFields: ProfileFieldService;
  /** Where the end of every import is recorded, in the transaction that ends the job. */
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  /** What a file may hold (the upload checked the same). */
  limits: CsvLimits;
  /** Jobs this process runs at once. */
  concurrency?: number;
  /** Connections each job writes its batches on at once (2: one per core of a small machine). */
  writers?: number;
}

/**
 * CSV imports as a queue of the job runner: the stored file is parsed (the
 * CSV code) and written in batches by parallel writers (the store and the
 * writer), each batch with its progress, so a job resumes after the last span
 * of rows it committed. A file that turns out unreadable fails the job at
 * once; an error that may pass is retried after a backoff.
 */
export function importQueue(deps: ImportQueueDependencies): QueueDefinition<ImportJobRow> {
  const fail = (job: ImportJobRow, message: string) =>
    deps.db.transaction(async (tx) => {
      // Only this run's job: a run that lost its lock leaves the job to whoever took it.
      if (!(await deps.store.fail(tx, job, message, deps.clock.now()))) return;
      deps.logger.warn({ job: job.id, app: job.appId, message }, 'csv import failed');
      await recordEnd(deps.audit, tx, job, { status: 'FAILED', message });
    });
  return {
    name: IMPORT_QUEUE,
    lockNamespace: LOCK_NAMESPACE,
    store: deps.store,
    concurrency: deps.concurrency ?? 2,
    maxAttempts: 5,
    retryBaseMs: 30_000,
    retryMaxMs: 10 * 60_000,
    keepFinishedMs: IMPORT_JOBS_KEPT_MS,
    run: (job, context) => runImport(deps, job, context.connection, context.signal),
    fail,
    permanentFailure: (error) => (error instanceof CsvFileError ? error.message : undefined),
    stalled: (job) =>
      `The import stopped twice after row ${job.lastRow} without getting further (the server was restarted or ran out of memory while it ran), so it was given up rather than started a third time; the rows counted as processed were written`,
    givenUp: (job, attempts) =>
      `The import was stopped ${attempts} times (a restart or an internal error) and was given up after row ${job.lastRow}; the rows counted as processed were written`,
  };
}

async function runImport(deps: ImportQueueDependencies, job: ImportJobRow, connection: Connection, signal: AbortSignal): Promise<void> {
  const { logger, store, clock } = deps;
  const started = Date.now();
  const fields = await deps.profileFields.list(job.appId);
  const { columns } = mapColumns(job.header, fields);
  const committed = committedRows(await store.committedSpans(connection, job.id));
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
    for (let count = 1; count < (deps.writers ?? 2); count += 1) extra.push(await deps.db.dedicated('user-manager import'));
    const writers = new ParallelWriters(
      [connection, ...extra].map((writerConnection) => new ImportWriter(writerConnection, store, clock)),
      { ...job, fields },
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
    for await (const records of readRecords(fileOf(store, job), deps.limits)) {
      if (signal.aborted) {
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
            check = {
              problems: [
                { column: 'email', message: `email ${check.user.email} is already in row ${earlier} of this file (emails are compared without case)` },
              ],
            };
          }
        }
        // Rows a previous run committed are read again only to know their emails.
        if (committed(record.row)) continue;
        batch.push(batchRow(record.row, cells, check, required, keepCells));
        if (batch.length >= writers.batchSize) {
          await submit(record.row);
          if (signal.aborted) {
            await writers.drain();
            return;
          }
        }
      }
      // Parsing is the one thing here that uses the CPU for long: let requests in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (batch.length > 0 && !signal.aborted) await submit(batch.at(-1)!.row);
    await writers.drain();
    if (signal.aborted) return;
    // Where the time went: writers busy all along mean Postgres bounds the job; idle ones, the parser.
    const elapsed = Math.max(1, Date.now() - started);
    timings = {
      writersBusy: Math.round((writers.timings.writingMs / (elapsed * (1 + extra.length))) * 100) / 100,
      parserWaiting: Math.round((writers.timings.waitingMs / elapsed) * 100) / 100,
    };
  } finally {
    await Promise.all(extra.map((writerConnection) => writerConnection.release()));
  }

  const totals = await connection.transaction(async (tx) => {
    const finished = await store.succeed(tx, job, clock.now());
    if (!finished) throw new JobTakenOverError(job.id);
    // Reads right after the job are planned with statistics that know its rows.
    if (job.mode !== ImportMode.DRY_RUN) {
      await analyzeAfterWrite(tx, 'users', finished.created + finished.updated);
      await analyzeAfterWrite(tx, 'user_last_access', finished.created);
    }
    await recordEnd(deps.audit, tx, job, { status: 'SUCCEEDED', ...finished });
    return finished;
  });
  logger.info({ job: job.id, app: job.appId, mode: job.mode, ...totals, ms: Date.now() - started, ...timings }, 'csv import finished');
}

/** The stored file, chunk by chunk (the next fetched while this one is parsed), as 32 KB slices. */
async function* fileOf(store: ImportJobStore, job: ImportJobRow): AsyncGenerator<Buffer> {
  const fetch = (seq: number) =>
    store.chunkSlices(job.id, seq, READ_SLICE).then((slices) => {
      if (slices.length === 0) throw new CsvFileError('The stored file is incomplete; upload it again');
      return slices;
    });
  let next: Promise<Buffer[]> | undefined = job.chunkCount > 0 ? fetch(0) : undefined;
  for (let seq = 0; next; seq += 1) {
    const current = next;
    next = seq + 1 < job.chunkCount ? fetch(seq + 1) : undefined;
    next?.catch(() => undefined);
    yield* await current;
  }
}

/** The audit entry of a finished import: who started it, its mode and counts (one entry per import, not per row). */
async function recordEnd(audit: AuditService, tx: Queryable, job: ImportJobRow, outcome: Record<string, unknown>): Promise<void> {
  await audit.record(tx, { appId: job.appId, subject: job.createdBy, role: 'admin' }, [
    { action: 'csv.import', details: { jobId: job.id, mode: job.mode, ...outcome } },
  ]);
}
