import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { type RequestScope, runInRequestScope } from './request-scope';

declare module 'express-serve-static-core' {
  interface Locals {
    scope: RequestScope;
  }
}

/** Starts the request's scope and writes one structured line when the response is sent. */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const scope: RequestScope = { sqlStatements: 0 };
    res.locals.scope = scope;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          sql: scope.sqlStatements,
          operation: scope.operationName,
          app: scope.principal?.appId,
          sub: scope.principal?.subject,
          role: scope.principal?.role,
          errors: scope.errorCodes,
        },
        'request',
      );
    });
    next();
  };
}

/**
 * Makes the scope current for what follows. It comes after body parsing,
 * whose stream callbacks would otherwise lose it.
 */
export const enterRequestScope = (_req: Request, res: Response, next: NextFunction) => runInRequestScope(res.locals.scope, next);
