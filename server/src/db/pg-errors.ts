/**
 * The one place that reads Postgres's SQLSTATE codes (and the driver's
 * socket errors): every other module asks these questions instead.
 */
const UNIQUE_VIOLATION = '23505';
const QUERY_CANCELED = '57014';
const DEADLOCK_DETECTED = '40P01';
const SERIALIZATION_FAILURE = '40001';
/** Class 22, data exception: a value Postgres refused (out of range, malformed). */
const DATA_EXCEPTION_CLASS = '22';
/** Class 08, connection exception; 57P, the server shutting down or crashed. */
const CONNECTION_CLASSES = ['08', '57P'];
const SOCKET_ERRORS = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE'];

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

export const isUniqueViolation = (error: unknown): boolean => codeOf(error) === UNIQUE_VIOLATION;

/** A statement Postgres cancelled, for instance when it ran past its statement_timeout. */
export const isQueryCanceled = (error: unknown): boolean => codeOf(error) === QUERY_CANCELED;

/** A transaction that failed only because of another one, and may simply run again. */
export const isRetryable = (error: unknown): boolean => {
  const code = codeOf(error);
  return code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE;
};

/** A value the client sent that Postgres refused as data (a number out of range, say). */
export const isDataException = (error: unknown): boolean => {
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith(DATA_EXCEPTION_CLASS);
};

/** The database went away (restart, network), as opposed to refusing what was asked. */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code !== 'string') return error instanceof Error && /Connection terminated|ECONNRESET|ECONNREFUSED/.test(error.message);
  return CONNECTION_CLASSES.some((prefix) => code.startsWith(prefix)) || SOCKET_ERRORS.includes(code);
}

/** The driver's words when no pool connection came free (or none could be opened) in time. */
const ACQUIRE_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/;

/**
 * The database cannot serve the request now: every pool connection stayed
 * busy past DB_ACQUIRE_TIMEOUT, or the database went away. The caller is
 * answered 503 with Retry-After, never left to hang.
 */
export const isUnavailable = (error: unknown): boolean => isConnectionError(error) || (error instanceof Error && ACQUIRE_TIMEOUT.test(error.message));
