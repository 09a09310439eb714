import type { Queryable } from '../db/database';

/**
 * What reading users and changing their status need of timed bans (kept by
 * bans/ban-expiry.ts): every read that shows or filters on status lifts the
 * app's bans that have ended first, and a new timed ban is made known.
 */
export interface BanSchedule {
  /** Lifts the app's ended bans if one may have ended; costs nothing otherwise. */
  liftIfDue(db: Queryable, appId: string): Promise<void>;
  /** A ban of the app ends at `end`: this server and the others on the database learn of it. */
  scheduleEnd(appId: string, end: Date): Promise<void>;
}
