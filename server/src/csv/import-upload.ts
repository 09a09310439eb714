import type { Database } from '../db/database';
import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import type { CsvLimits } from '../config/config';
import { CsvFileError, CsvLimitError } from './csv-file-error';
import { CsvScanner, type ScanResult } from './csv-scan';
import { ImportMode, ImportStatus } from './dto/import-job.type';
import { mapColumns } from './import-columns';
import type { ImportJobStore } from './import-job.store';

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
  limits: CsvLimits;
  fields: readonly ProfileField[];
  /** When the upload arrived (a refused file's job ends then). */
  now: Date;
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
 * Streams an uploaded CSV body into Postgres in 1 MB chunks while a scanner
 * checks the file as a whole (encoding, quotes, header, limits). Memory stays
 * constant however large the file, and no database connection is held while
 * the client is slow: the body is read into a bounded buffer, and only a full
 * chunk takes a connection, for one statement. The job is UPLOADING (seen by
 * no runner and no read) until the whole file is stored and checked; then it
 * is QUEUED. A file that fails the checks gives a job that is already FAILED,
 * and nothing of it is kept; one past a limit (CsvLimitError) stops the upload
 * there and is thrown, with no job; an upload that breaks off keeps nothing.
 */
export async function storeUpload(db: Database, store: ImportJobStore, body: AsyncIterable<Buffer>, request: UploadRequest): Promise<StoredUpload> {
  const scanner = new CsvScanner(request.limits);
  let fileError: CsvFileError | undefined;
  let bytes = 0;
  let jobId: string | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    jobId ??= await store.create(db, request.appId, request.mode, request.subject, request.now);
    await store.addChunk(db, jobId, request.appId, seq, data);
    seq += 1;
  };
  try {
    for await (const piece of body) {
      bytes += piece.length;
      if (bytes > request.maxBytes) throw new UploadTooLargeError(request.maxBytes);
      // Once the file is known to be bad the rest is only counted, never kept.
      if (fileError) continue;
      try {
        scanner.push(piece);
      } catch (error) {
        // Past a limit nothing more is read: the request is answered (413) at once.
        if (!(error instanceof CsvFileError) || error instanceof CsvLimitError) throw error;
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
    if (scanned && !fileError) {
      await flush();
      jobId ??= await store.create(db, request.appId, request.mode, request.subject, request.now);
      await store.markStored(db, jobId, { bytes, chunks: seq, header: scanned.header, warnings, totalRows: scanned.dataRows });
      return { jobId, status: ImportStatus.QUEUED, totalRows: scanned.dataRows, bytes, warnings, message: null };
    }
  } catch (error) {
    // Refused or broken off: what was stored of it goes (a process that dies here leaves it to the purge).
    if (jobId) await store.discardUpload(jobId).catch(() => undefined);
    throw error;
  }
  // A bad file keeps nothing: its chunks go, and a FAILED job says why.
  if (jobId) await store.discardUpload(jobId);
  const message = fileError!.message;
  const failedId = await store.createRefused({ appId: request.appId, mode: request.mode, createdBy: request.subject, bytes, message, now: request.now });
  return { jobId: failedId, status: ImportStatus.FAILED, totalRows: null, bytes, warnings: [], message };
}
