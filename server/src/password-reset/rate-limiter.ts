import type { Clock } from '../common/clock';
import type { Database } from '../db/database';

export interface RateLimit {
  /** What the limit counts, the first part of its keys ("reset-address"). */
  name: string;
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window counters kept in Postgres (`rate_limits`), so every server of
 * a deployment counts the same attempts: a client spreading its attempts
 * over the instances behind a load balancer gets no more. One statement per
 * attempt, atomic under concurrency.
 */
export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt under each limit; returns the limit that is over (the longest wait), if any. */
  async take(attempts: ReadonlyArray<{ limit: RateLimit; key: string }>): Promise<{ limit: RateLimit; waitMs: number } | undefined> {
    let over: { limit: RateLimit; waitMs: number } | undefined;
    for (const { limit, key } of attempts) {
      const now = this.clock.now();
      const windowStart = new Date(now.getTime() - limit.windowMs);
      const [row] = await this.db.query<{ attempts: number; startedAt: Date }>(
        `INSERT INTO rate_limits AS r (key, window_started_at, attempts) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           window_started_at = CASE WHEN r.window_started_at <= $3 THEN EXCLUDED.window_started_at ELSE r.window_started_at END,
           attempts = CASE WHEN r.window_started_at <= $3 THEN 1 ELSE r.attempts + 1 END
         RETURNING attempts, window_started_at AS "startedAt"`,
        [`${limit.name}:${key}`, now, windowStart],
      );
      const waitMs = row!.startedAt.getTime() + limit.windowMs - now.getTime();
      if (row!.attempts > limit.limit && (!over || waitMs > over.waitMs)) over = { limit, waitMs };
    }
    return over;
  }

  /** Drops windows that ended before the longest of the limits began. */
  purgeEnded(longestWindowMs: number): Promise<number> {
    return this.db.execute('DELETE FROM rate_limits WHERE window_started_at <= $1', [new Date(this.clock.now().getTime() - longestWindowMs)]);
  }
}
