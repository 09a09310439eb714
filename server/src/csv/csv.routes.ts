import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { format } from '@fast-csv/format';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { bearerToken, type TokenService } from '../auth/token-service';
import { AppError, ErrorCode, RETRY_AFTER_SECONDS, routeStatusOf } from '../common/app-error';
import type { Clock } from '../common/clock';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { ProfileFieldType } from '../profile-fields/dto/profile-field.type';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import { escapeFormula } from './csv-cells';
import type { CsvExportService } from './csv-export.service';
import { ImportMode, ImportStatus } from './dto/import-job.type';
import { parseFilterJson } from './export-filter';
import { templateHeader } from './import-columns';
import type { ImportJobStore } from './import-job.store';
import { storeUpload, UploadTooLargeError } from './import-upload';
import { CsvLimitError } from './csv-file-error';
import { TransferGate } from './transfer-gate';
import { sendUnavailable } from '../common/unavailable';
import { isUnavailable } from '../db/pg-errors';

export interface CsvRouteDependencies {
  config: Config;
  db: Database;
  tokens: TokenService;
  logger: Logger;
  profileFields: ProfileFieldService;
  importJobs: ImportJobStore;
  csvExport: CsvExportService;
  /** Tells the job runner a new import is queued. */
  kickImports: () => void;
  audit: AuditService;
  clock: Clock;
}

/** A Map, not an object: a client's `mode=__proto__` or `constructor` must find nothing. */
const MODES = new Map<string, ImportMode>([
  ['upsert', ImportMode.UPSERT],
  ['insert', ImportMode.INSERT],
  ['dry-run', ImportMode.DRY_RUN],
]);
/** Bodies that are not a CSV file as such (a form upload would arrive wrapped in multipart boundaries). */
const REFUSED_TYPES = /^(multipart\/|application\/(json|x-www-form-urlencoded))/i;

declare module 'express-serve-static-core' {
  interface Locals {
    principal: Principal;
  }
}

/**
 * The CSV routes under /csv: template, import (202 and a job), the failed
 * rows of a job, and export. All of them are for the admin role.
 */
export function csvRoutes(deps: CsvRouteDependencies): express.Router {
  const { config, logger } = deps;
  const router = express.Router();
  router.use(authenticateAdmin(deps.tokens));
  const transfer = boundedTransfer(new TransferGate(config.csvMaxConcurrent, config.csvMaxConcurrentPerApp), config, logger);

  router.get('/template', async (_req, res) => {
    const appId = res.locals.principal.appId;
    const fields = await deps.profileFields.list(appId);
    sendCsvHeaders(res, 'users-template.csv');
    await pipeline(Readable.from([templateHeader(fields), templateExample(fields)]), csvFormatter(), res);
  });

  router.post('/import', transfer, async (req, res) => {
    const { appId, subject } = res.locals.principal;
    const mode = MODES.get(typeof req.query.mode === 'string' ? req.query.mode : req.query.mode === undefined ? 'upsert' : '');
    if (!mode) throw new AppError(ErrorCode.BAD_USER_INPUT, 'mode must be upsert, insert or dry-run', 'mode');
    if (REFUSED_TYPES.test(req.headers['content-type'] ?? '')) {
      res.status(415).json({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the CSV file itself as the body, with Content-Type: text/csv (curl --data-binary @users.csv)' },
      });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.importMaxBytes) {
      tooLarge(req, res, config.importMaxBytes);
      return;
    }
    const fields = await deps.profileFields.list(appId);
    // A file refused before any job could end it is recorded here, with why.
    const recordRefusal = (details: { jobId?: string; message: string | null }) =>
      deps.db.transaction((tx) => deps.audit.record(tx, res.locals.principal, [{ action: 'csv.import', details: { ...details, mode, status: 'FAILED' } }]));
    let stored;
    try {
      stored = await storeUpload(deps.db, deps.importJobs, req.iterator({ destroyOnReturn: false }), {
        appId,
        subject,
        mode,
        maxBytes: config.importMaxBytes,
        limits: config.importLimits,
        fields,
        now: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof UploadTooLargeError) {
        tooLarge(req, res, config.importMaxBytes);
        return;
      }
      if (error instanceof CsvLimitError) {
        logger.info({ app: appId, sub: subject, mode, message: error.message }, 'csv import refused: past a limit');
        await recordRefusal({ message: error.message });
        refuse(req, res, error.message);
        return;
      }
      if (req.destroyed && !req.complete) {
        // The client went away mid-upload: what was stored of it was discarded.
        logger.info({ app: appId, sub: subject, mode }, 'csv import abandoned by the client');
        return;
      }
      throw error;
    }
    logger.info(
      {
        app: appId,
        sub: subject,
        job: stored.jobId,
        mode,
        bytes: stored.bytes,
        rows: stored.totalRows,
        status: stored.status,
        message: stored.message ?? undefined,
      },
      'csv import received',
    );
    // Refused before it could run (the file itself was unreadable).
    if (stored.status === ImportStatus.FAILED) await recordRefusal({ jobId: stored.jobId, message: stored.message });
    deps.kickImports();
    res.status(202).json(stored);
  });

  router.get('/import/:id/errors', transfer, async (req, res) => {
    const appId = res.locals.principal.appId;
    const header = await deps.importJobs.header(appId, String(req.params.id));
    if (!header) throw new AppError(ErrorCode.NOT_FOUND, 'Import job was not found');
    const width = header.length;
    const rows = async function* () {
      yield [...header, 'error'];
      for await (const failed of deps.importJobs.failedRows(appId, String(req.params.id))) {
        const cells = Array.from({ length: width }, (_, index) => failed.cells[index] ?? '');
        yield [...cells, failed.problems.map((problem) => problem.message).join('; ')];
      }
    };
    sendCsvHeaders(res, `import-${String(req.params.id)}-errors.csv`);
    await pipeline(Readable.from(rows()), csvFormatter(), res);
  });

  router.get('/export', transfer, async (req, res) => {
    const { appId, subject } = res.locals.principal;
    const raw = req.query.filter;
    if (raw !== undefined && typeof raw !== 'string') {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'filter must be given once, as a UserFilter written as JSON', 'filter');
    }
    const filter = parseFilterJson(raw);
    const started = Date.now();
    // Every check (the filter as GraphQL checks it, its dates, its tags) is done here, before the 200.
    const exported = await deps.csvExport.prepare(appId, filter);
    // Recorded before a byte leaves, so no export happens without its entry (the row count is in the log line).
    await deps.db.transaction((tx) => deps.audit.record(tx, res.locals.principal, [{ action: 'csv.export', details: { filter: filter ?? null } }]));
    sendCsvHeaders(res, `users-${new Date().toISOString().slice(0, 10)}.csv`);
    try {
      const rows = await exported.run(res);
      logger.info({ app: appId, sub: subject, rows, filter: raw, ms: Date.now() - started }, 'csv export');
    } catch (error) {
      // The file is cut off (the error handler aborts the response, so the client can tell), and the history says it failed.
      await deps.db
        .transaction((tx) => deps.audit.record(tx, res.locals.principal, [{ action: 'csv.export', details: { filter: filter ?? null, status: 'FAILED' } }]))
        .catch(() => undefined);
      throw error;
    }
  });

  router.use(csvErrors(logger));
  return router;
}

/**
 * A CSV transfer takes a slot of the gate for as long as its response is
 * open (429 when the app has all of its own, 503 when the process has none
 * left, both with Retry-After), and is aborted — its socket closed, so its
 * COPY or its upload ends and gives back its connection — when it moves no
 * byte for CSV_IDLE_TIMEOUT or runs past CSV_MAX_DURATION.
 */
function boundedTransfer(gate: TransferGate, config: Config, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { appId, subject } = res.locals.principal;
    const slot = gate.enter(appId);
    if (slot === 'app') {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `This app already has ${config.csvMaxConcurrentPerApp} CSV uploads or exports under way (CSV_MAX_CONCURRENT_PER_APP); try again when one has ended`,
      );
    }
    if (slot === 'instance') {
      logger.warn({ app: appId, path: req.path }, 'csv transfer refused: every slot of this server is taken (CSV_MAX_CONCURRENT)');
      sendUnavailable(res);
      return;
    }
    const abort = (why: string) => {
      logger.warn({ app: appId, sub: subject, path: req.path, bytesIn: req.socket.bytesRead, bytesOut: req.socket.bytesWritten }, why);
      req.socket.destroy();
    };
    res.setTimeout(config.csvIdleTimeoutSeconds * 1000, () =>
      abort(`csv transfer aborted: no byte moved for ${config.csvIdleTimeoutSeconds} s (CSV_IDLE_TIMEOUT)`),
    );
    const limit = setTimeout(
      () => abort(`csv transfer aborted: it ran past ${config.csvMaxDurationSeconds} s (CSV_MAX_DURATION)`),
      config.csvMaxDurationSeconds * 1000,
    );
    limit.unref();
    // Over when its answer is sent, or when its connection closes first (the client went away, or was cut off).
    const end = () => {
      clearTimeout(limit);
      slot.release();
      res.off('finish', end);
      res.off('close', end);
      req.socket.off('close', end);
    };
    res.once('finish', end);
    res.once('close', end);
    req.socket.once('close', end);
    next();
  };
}

/** Every CSV route needs a valid token (401) of the admin role (403). */
function authenticateAdmin(tokens: TokenService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
    const principal = await tokens.verify(token);
    res.locals.scope.principal = principal;
    if (principal.role !== 'admin') {
      throw new AppError(ErrorCode.FORBIDDEN, `The ${principal.role} role may not import or export CSV files; it needs admin`);
    }
    res.locals.principal = principal;
    next();
  };
}

function sendCsvHeaders(res: Response, fileName: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** RFC 4180 output with a byte-order mark (so spreadsheets read UTF-8) and every cell formula-escaped. */
function csvFormatter() {
  return format<string[], string[]>({
    writeBOM: true,
    includeEndRowDelimiter: true,
    transform: (row: string[]) => row.map(escapeFormula),
  });
}

function templateExample(fields: readonly ProfileField[]): string[] {
  const example: Record<ProfileFieldType, (field: ProfileField) => string> = {
    [ProfileFieldType.TEXT]: (field) => `Example ${field.label.toLowerCase()}`,
    [ProfileFieldType.NUMBER]: () => '42',
    [ProfileFieldType.DATE]: () => '2024-01-15',
    [ProfileFieldType.BOOLEAN]: () => 'true',
    [ProfileFieldType.SELECT]: (field) => field.options?.[0] ?? '',
  };
  return ['ada@example.com', 'Ada Lovelace', 'ACTIVE', 'VIP;Newsletter', '2024-01-15T09:30:00Z', ...fields.map((field) => example[field.type](field))];
}

/** 413 at once, so a client still sending learns it now instead of after the whole body (see refuse). */
function tooLarge(req: Request, res: Response, maxBytes: number): void {
  refuse(req, res, `The file is larger than the ${maxBytes} bytes an import accepts (IMPORT_MAX_BYTES)`);
}

/** How long the rest of a refused body is read and dropped before its connection is closed. */
const REFUSED_DRAIN_MS = 2_000;

/**
 * 413 before the body is read to its end. The client may still be sending:
 * closing at once would reset the connection, and a reset can make the
 * client lose the answer it already received. So what comes is read and
 * dropped (never stored, never parsed) for two seconds at most, then the
 * connection is closed.
 */
function refuse(req: Request, res: Response, message: string): void {
  res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message } });
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), REFUSED_DRAIN_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Our errors as JSON bodies; others go on to the app's handler. A download already streaming can only be cut off. */
function csvErrors(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      logger.warn({ err: error }, 'a CSV download stopped half way');
      res.destroy();
      return;
    }
    if (isUnavailable(error)) return sendUnavailable(res);
    if (!(error instanceof AppError)) return next(error);
    res.locals.scope.errorCodes = [error.code];
    res.status(routeStatusOf(error)).json({ error: { ...error.clientFields, message: error.message } });
  };
}
