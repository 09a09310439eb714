import type { Response } from 'express';
import { ErrorCode, RETRY_AFTER_SECONDS } from './app-error';

/** What a client is told when the database cannot serve its request now (see isUnavailable). */
export const UNAVAILABLE_MESSAGE = 'The service is busy or its database does not answer; try again in a few seconds';

/** The plain routes' answer to it: 503 with Retry-After, never a hang. */
export function sendUnavailable(res: Response): void {
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.status(503).json({ error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: UNAVAILABLE_MESSAGE } });
}
