import type { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/actor';
import type { Clock } from '../common/clock';
import type { Database, Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import type { BanSchedule } from '../users/ban-schedule';
import { BAN_ENDED_WEBHOOK_DATA, statusSet, USER_SNAPSHOT } from '../users/user-row';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

/** The channel on which servers sharing a database tell each other of new ban ends. */
export const BAN_END_CHANNEL = 'um_ban_ends';

/**
 * Timed bans end by being lifted in the table itself: status back to ACTIVE,
 * an audit entry by `system` and a user.unbanned webhook, in one statement.
 * So the stored status stays what the list, its status filter, the status
 * tabs and the covering signup index read, and they all agree.
 *
 * Lifting happens before any read that shows or filters on status, but only
 * when a ban of that app may have ended: each server keeps the earliest ban
 * end of every app in memory (loaded at start, refreshed by the sweep, told of
 * new ones by the server that set them and, for other servers, through
 * Postgres NOTIFY). Reads cost no statement until a ban actually ends; the
 * one that comes after lifts it. Sign-in always lifts the user's own ban
 * first (one statement on a tiny partial index). The periodic sweep lifts
 * bans in apps nobody reads, so their webhooks still go out on time.
 */
export class BanExpiry implements BanSchedule {
  /** Earliest known ban end per app, in ms; an app without timed bans has none. */
  private readonly nextEnd = new Map<string, number>();
  /** Ends noted while the schedule is being reloaded, applied again after it (the reload may not see them). */
  private notedDuringLoad: Array<[string, Date]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly outbox: WebhookOutbox,
    private readonly clock: Clock,
  ) {}

  /** Reads the earliest ban end of every app (at start, after the sweep, after a lost NOTIFY connection). */
  async loadSchedule(db: Queryable): Promise<void> {
    const noted: Array<[string, Date]> = [];
    this.notedDuringLoad = noted;
    try {
      const rows = await db.query<{ appId: string; end: Date }>(
        `SELECT app_id AS "appId", min(banned_until) AS end FROM users
          WHERE status = 'BANNED' AND banned_until IS NOT NULL GROUP BY app_id`,
      );
      this.nextEnd.clear();
      for (const row of rows) this.nextEnd.set(row.appId, row.end.getTime());
    } finally {
      if (this.notedDuringLoad === noted) this.notedDuringLoad = undefined;
      for (const [appId, end] of noted) this.noteBanEnd(appId, end);
    }
  }

  /** A ban of the app ends at `end` (set here, or told by another server). */
  noteBanEnd(appId: string, end: Date): void {
    this.notedDuringLoad?.push([appId, end]);
    const known = this.nextEnd.get(appId);
    if (known === undefined || end.getTime() < known) this.nextEnd.set(appId, end.getTime());
  }

  async scheduleEnd(appId: string, end: Date): Promise<void> {
    this.noteBanEnd(appId, end);
    // This server hears it too, through its listener: harmless, the earliest end wins.
    await this.db.execute('SELECT pg_notify($1, $2)', [BAN_END_CHANNEL, JSON.stringify({ appId, end: end.toISOString() })]);
  }

  /** Lifts the app's ended bans if one may have ended; costs nothing otherwise. */
  async liftIfDue(db: Queryable, appId: string): Promise<void> {
    const end = this.nextEnd.get(appId);
    if (end !== undefined && end <= this.clock.now().getTime()) await this.lift(db, appId);
  }

  /** Lifts the ended bans of one app, one user, or every app; returns how many. */
  async lift(db: Queryable, appId?: string, userId?: string): Promise<number> {
    const params = new SqlParameters();
    const now = params.add(this.clock.now());
    const conditions = [`status = 'BANNED'`, `banned_until <= ${now}::timestamptz`];
    if (appId !== undefined) conditions.push(`app_id = ${params.add(appId)}`);
    if (userId !== undefined) conditions.push(`id = ${params.add(userId)}::uuid`);
    const nextEnd =
      appId !== undefined && userId === undefined
        ? `(SELECT min(banned_until) FROM users WHERE app_id = ${params.add(appId)} AND status = 'BANNED' AND banned_until > ${now}::timestamptz)`
        : 'NULL::timestamptz';
    const webhooks = this.outbox.eventsSql(params, 'user.unbanned', 'lifted');
    const [row] = await db.query<{ lifted: number; nextEnd: Date | null }>(
      `WITH due AS (
         SELECT id, ${USER_SNAPSHOT('users')} AS before, banned_until FROM users
          WHERE ${conditions.join(' AND ')}
          ORDER BY id FOR UPDATE
       ), lifted AS (
         UPDATE users SET ${statusSet('users', { status: "'ACTIVE'", now })}, updated_at = ${now}::timestamptz
           FROM due WHERE users.id = due.id AND users.status = 'BANNED'
         RETURNING users.app_id, users.id AS user_id, due.before, ${USER_SNAPSHOT('users')} AS after,
                   ${BAN_ENDED_WEBHOOK_DATA('due.banned_until')} AS data
       ), audited AS (
         ${this.audit.userChangesSql(params, SYSTEM, 'user.unbanned', 'lifted')}
       )${webhooks ? `, queued AS (${webhooks})` : ''}
       SELECT (SELECT count(*)::int FROM lifted) AS lifted, ${nextEnd} AS "nextEnd"`,
      params.values,
    );
    if (appId !== undefined && userId === undefined) {
      if (row!.nextEnd) this.nextEnd.set(appId, row!.nextEnd.getTime());
      else this.nextEnd.delete(appId);
    }
    if (row!.lifted > 0) this.outbox.notify();
    return row!.lifted;
  }
}
