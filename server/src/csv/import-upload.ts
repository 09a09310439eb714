import type { Database } from '../db/database';
import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { CsvFileError } from './csv-file-error';
import { CsvScanner, type ScanResult } from './csv-scan';
import { ImportMode, ImportStatus } from './dto/import-job.type';
import { mapColumns } from './import-columns';

/** Each stored piece of an uploaded file. */
export const CHUNK_BYTES = 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${maxBytes} bytes an import accepts (IMPORT_MAX_BYTES)`);
    this.name = 'UploadTooLargeError';
  }
}

export interface UploadRequest {
  appId: string;
  subject: string;
  mode: ImportMode;
  maxBytes: number;
  fields: readonly ProfileField[];
}

export interface StoredUpload {
  jobId: string;
  status: ImportStatus;
  totalRows: number | null;
  bytes: number;
  warnings: string[];
  message: string | null;
}

/**
 * Streams an uploaded CSV body into Postgres in 1 MB chunks, in one
 * transaction that also creates the job, while a scanner checks the file as a
 * whole (encoding, quotes, header). Memory stays constant however large the
 * file. Only when the body is stored does the job become visible (QUEUED), so
 * no runner ever sees half a file. A file that fails the checks gives a job
 * that is already FAILED, and nothing of it is kept.
 */
export async function storeUpload(db: Database, body: AsyncIterable<Buffer>, request: UploadRequest): Promise<StoredUpload> {
  const scanner = new CsvScanner();
  let fileError: CsvFileError | undefined;
  let bytes = 0;
  try {
    // Once: the body cannot be read a second time.
    return await db.transaction(
      async (tx) => {
        const [job] = await tx.query<{ id: string }>(
          `INSERT INTO import_jobs (app_id, mode, status, created_by) VALUES ($1, $2, 'QUEUED', $3) RETURNING id`,
          [request.appId, request.mode, request.subject],
        );
        const jobId = job!.id;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        let seq = 0;
        const flush = async () => {
          if (pendingBytes === 0) return;
          const data = Buffer.concat(pending, pendingBytes);
          pending = [];
          pendingBytes = 0;
          await tx.execute('INSERT INTO import_job_chunks (job_id, app_id, seq, data) VALUES ($1, $2, $3, $4)', [jobId, request.appId, seq, data]);
          seq += 1;
        };

        for await (const piece of body) {
          bytes += piece.length;
          if (bytes > request.maxBytes) throw new UploadTooLargeError(request.maxBytes);
          // Once the file is known to be bad the rest is only counted, never kept.
          if (fileError) continue;
          try {
            scanner.push(piece);
          } catch (error) {
            if (!(error instanceof CsvFileError)) throw error;
            fileError = error;
            continue;
          }
          pending.push(piece);
          pendingBytes += piece.length;
          if (pendingBytes >= CHUNK_BYTES) await flush();
        }

        let scanned: ScanResult | undefined;
        let warnings: string[] = [];
        if (!fileError) {
          try {
            scanned = scanner.end();
            warnings = mapColumns(scanned.header, request.fields).warnings;
          } catch (error) {
            if (!(error instanceof CsvFileError)) throw error;
            fileError = error;
          }
        }
        // A bad file keeps nothing: the job and its chunks roll back, and a FAILED job says why.
        if (fileError || !scanned) throw new FileRefused();

        await flush();
        await tx.execute(`UPDATE import_jobs SET byte_size = $2, chunk_count = $3, header = $4, warnings = $5, total_rows = $6 WHERE id = $1`, [
          jobId,
          bytes,
          seq,
          scanned.header,
          warnings,
          scanned.dataRows,
        ]);
        return { jobId, status: ImportStatus.QUEUED, totalRows: scanned.dataRows, bytes, warnings, message: null };
      },
      { attempts: 1 },
    );
  } catch (error) {
    if (!(error instanceof FileRefused) || !fileError) throw error;
  }
  const [failed] = await db.query<{ id: string }>(
    `INSERT INTO import_jobs (app_id, mode, status, created_by, byte_size, message, finished_at)
     VALUES ($1, $2, 'FAILED', $3, $4, $5, now()) RETURNING id`,
    [request.appId, request.mode, request.subject, bytes, fileError.message],
  );
  return { jobId: failed!.id, status: ImportStatus.FAILED, totalRows: null, bytes, warnings: [], message: fileError.message };
}

/** Thrown inside the upload's transaction to roll it back once the file is known to be bad. */
class FileRefused extends Error {}
