import { badInput } from './app-error';

/**
 * A keyset cursor over (timestamp, bigint id), newest first: the timestamp as
 * Postgres printed it (no precision lost) and the id as text.
 */
export interface TimeCursor {
  at: string;
  id: string;
}

export const encodeTimeCursor = (at: string, id: string): string => Buffer.from(JSON.stringify({ t: at, i: id })).toString('base64url');

export function decodeTimeCursor(text: string, field = 'after'): TimeCursor {
  try {
    const decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof decoded.t === 'string' && /^\d{4}-\d\d-\d\d [\d:.]+\+00$/.test(decoded.t) && typeof decoded.i === 'string' && /^\d{1,18}$/.test(decoded.i)) {
      return { at: decoded.t, id: decoded.i };
    }
  } catch {
    // Not base64 JSON: the error below.
  }
  throw badInput(field, `${field} is not a cursor this API returned`);
}
