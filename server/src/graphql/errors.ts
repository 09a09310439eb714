import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../common/app-error';
import { UNAVAILABLE_MESSAGE } from '../common/unavailable';
import { isDataException, isUnavailable } from '../db/pg-errors';
import { LIMIT_FACTS } from './complexity';

/** Codes Apollo and graphql-js give to requests that are malformed: safe to pass on. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'INTROSPECTION_DISABLED',
]);

/**
 * What a client sees of an error: the message and code of errors it caused,
 * and nothing of ours — no stack, no SQL, no driver text. Errors we did not
 * expect are logged in full and answered with a generic message.
 */
export function createErrorFormatter(logger: Logger, options: { production?: boolean } = {}) {
  const format = formatError(logger);
  if (!options.production) return format;
  // In production graphql-js's "Did you mean …?" (fields, arguments, types, enum values) would spell out
  // the schema, and the CSRF refusal names the server's software by its headers.
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const message = CSRF.test(result.message) ? CSRF_MESSAGE : result.message.replace(SUGGESTION, '');
    return { ...result, message };
  };
}

const CSRF = /Cross-Site Request Forgery/;
const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables/;
const CSRF_MESSAGE = 'Send the operation as a POST with Content-Type: application/json';

/** graphql-js's suggestion sentence, with the space before it. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: original.clientFields };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      const facts: Record<string, number> = {};
      for (const key of LIMIT_FACTS) {
        const value = formatted.extensions?.[key];
        if (typeof value === 'number') facts[key] = value;
      }
      return { ...base, extensions: { code, ...facts } };
    }
    // graphql-js stops coercing variables after 50 errors by throwing, where Apollo labels the first 50 BAD_USER_INPUT.
    if (original instanceof Error && TOO_MANY_VARIABLE_ERRORS.test(original.message)) {
      return {
        ...base,
        message: 'The variables hold more than 50 values that do not fit their types; check them against the schema',
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    if (isUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable: answered 503');
      return { ...base, message: UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    if (isDataException(original)) {
      logger.warn({ err: original, path: formatted.path }, 'a value Postgres refused reached the database');
      return { ...base, message: 'A value in the request is malformed or out of range', extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
