import { GraphQLError } from 'graphql';

/** The error codes clients see in `extensions.code` (and in CSV route bodies). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** Sign-in refused: wrong password, unknown email or a locked email alike. */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  USER_BANNED = 'USER_BANNED',
  /** The feature is turned off for this app (or not configured on this server). */
  FEATURE_DISABLED = 'FEATURE_DISABLED',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The password-reset mail could not be handed to the mail server. */
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  /** The database cannot serve the request now (busy past DB_ACQUIRE_TIMEOUT, or away): try again after Retry-After. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** Seconds a client is told to wait (Retry-After) when the service is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const httpStatus: Record<ErrorCode, number | undefined> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: undefined,
  [ErrorCode.BAD_USER_INPUT]: undefined,
  [ErrorCode.NOT_FOUND]: undefined,
  [ErrorCode.CONFLICT]: undefined,
  // Outcomes of a well-formed request by an authorised caller: the GraphQL
  // answer is the error itself, as for BAD_USER_INPUT.
  [ErrorCode.INVALID_CREDENTIALS]: undefined,
  [ErrorCode.USER_BANNED]: undefined,
  [ErrorCode.FEATURE_DISABLED]: undefined,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.DELIVERY_FAILED]: 502,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** The status a plain HTTP route (the CSV routes, the reset page) answers each code with. */
const ROUTE_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.INVALID_CREDENTIALS]: 401,
  [ErrorCode.USER_BANNED]: 403,
  [ErrorCode.FEATURE_DISABLED]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.DELIVERY_FAILED]: 502,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export const routeStatusOf = (error: AppError): number => ROUTE_STATUS[error.code];

/**
 * An error the client caused and may read: its message names what is wrong,
 * `field` points at the input (for example `input.profile.age`).
 * It is a GraphQLError so Apollo keeps its code and HTTP status as they are.
 */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Facts the client may act on, beside the code (a CONFLICT's `count`). */
    readonly facts: Readonly<Record<string, string | number>> = {},
  ) {
    const status = httpStatus[code];
    super(message, {
      extensions: {
        code,
        ...(field ? { field } : {}),
        ...facts,
        ...(status ? { http: { status } } : {}),
      },
    });
    this.name = 'AppError';
  }

  /** What a client reads of the error, for GraphQL's extensions and the plain routes' bodies alike. */
  get clientFields(): Record<string, string | number> {
    return { code: this.code, ...(this.field ? { field: this.field } : {}), ...this.facts };
  }
}

export const badInput = (field: string, message: string): AppError => new AppError(ErrorCode.BAD_USER_INPUT, message, field);

export const notFound = (what: string, field?: string): AppError => new AppError(ErrorCode.NOT_FOUND, `${what} was not found`, field);

export const conflict = (message: string, field?: string): AppError => new AppError(ErrorCode.CONFLICT, message, field);
