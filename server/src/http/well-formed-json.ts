import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../common/app-error';

/** Where the body parser notes that the bytes were not UTF-8 (it decodes them with U+FFFD in place of each bad byte). */
const NOT_UTF8 = Symbol('not UTF-8');

/** For express.json's `verify`: remembers whether the body's bytes were UTF-8. */
export function checkUtf8(req: Request, _res: Response, body: Buffer): void {
  if (!isUtf8(body)) (req as Request & { [NOT_UTF8]?: boolean })[NOT_UTF8] = true;
}

/**
 * Refuses a JSON body that holds text that is not text: bytes that are not
 * UTF-8 (which the parser would have stored as U+FFFD) or a lone surrogate
 * (`"\ud800"`, which no UTF-8 can carry and Postgres refuses). The answer is
 * BAD_USER_INPUT naming the first such value, before anything runs.
 */
export function wellFormedJson(req: Request, res: Response, next: NextFunction): void {
  const notUtf8 = (req as Request & { [NOT_UTF8]?: boolean })[NOT_UTF8] === true;
  const found = findBadText(req.body, '', notUtf8);
  if (!found) return next();
  const field = found.path || 'body';
  const message = found.reason === 'utf8' ? `${field} is not UTF-8 text: send the body as UTF-8` : `${field} holds a lone surrogate, which is not text`;
  res.status(400).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, field } }] });
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) that is not well-formed text, depth first. */
function findBadText(value: unknown, path: string, notUtf8: boolean): { path: string; reason: 'utf8' | 'surrogate' } | undefined {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) return { path, reason: 'surrogate' };
    if (notUtf8 && value.includes('\ufffd')) return { path, reason: 'utf8' };
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const at = path === '' ? String(key) : `${path}.${String(key)}`;
    if (typeof key === 'string') {
      const keyProblem = findBadText(key, at, notUtf8);
      if (keyProblem) return keyProblem;
    }
    const problem = findBadText(item, at, notUtf8);
    if (problem) return problem;
  }
  return undefined;
}
