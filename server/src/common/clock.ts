/**
 * Where time-based rules (ban ends, token expiry, sign-in lockout, webhook
 * retries, activity limits) read the time, so tests can move it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
