import type { AuditService } from '../audit/audit.service';
import { USER_SNAPSHOT } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import type { Queryable } from '../db/database';
import { SqlParameters } from '../users/user-filter';
import { isoTime, type WebhookOutbox } from '../webhooks/webhook-outbox';

/**
 * Timed bans end by being lifted in the table itself: status back to ACTIVE,
 * an audit entry by `system` and a user.unbanned webhook, in one statement.
 * Lifting runs before every read that shows or filters on status (the users
 * page, counts, one user, sign-in), so the list, its status filter, the
 * status tabs and verifyCredentials always agree, and the stored status stays
 * what the covering signup index filters on. A periodic sweep also lifts bans
 * in apps nobody reads, so their webhooks go out on time. When nothing is due
 * the lift is one probe of a partial index holding only timed bans.
 */
export class BanExpiry {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: WebhookOutbox,
    private readonly clock: Clock,
  ) {}

  /** Lifts the due bans of one app (or of every app, without `appId`); returns how many. */
  async lift(db: Queryable, appId?: string, userId?: string): Promise<number> {
    const params = new SqlParameters();
    const now = params.add(this.clock.now());
    const conditions = [`status = 'BANNED'`, `banned_until <= ${now}::timestamptz`];
    if (appId !== undefined) conditions.push(`app_id = ${params.add(appId)}`);
    if (userId !== undefined) conditions.push(`id = ${params.add(userId)}::uuid`);
    const webhooks = this.outbox.eventsSql(params, 'user.unbanned', 'lifted');
    const [row] = await db.query<{ lifted: number }>(
      `WITH due AS (
         SELECT id, ${USER_SNAPSHOT('users')} AS before, banned_until FROM users
          WHERE ${conditions.join(' AND ')}
          ORDER BY id FOR UPDATE
       ), lifted AS (
         UPDATE users SET status = 'ACTIVE', banned_at = NULL, ban_reason = NULL, banned_by = NULL, banned_until = NULL,
                updated_at = ${now}::timestamptz
           FROM due WHERE users.id = due.id AND users.status = 'BANNED'
         RETURNING users.app_id, users.id AS user_id, due.before, ${USER_SNAPSHOT('users')} AS after,
                   jsonb_build_object('reason', 'ban ended', 'bannedUntil', ${isoTime('due.banned_until')}) AS data
       ), audited AS (
         ${this.audit.userChangesSql(params, { subject: 'system', role: 'system' }, 'user.unbanned', 'lifted')}
       )${webhooks ? `, queued AS (${webhooks})` : ''}
       SELECT count(*)::int AS lifted FROM lifted`,
      params.values,
    );
    if (row!.lifted > 0) this.outbox.notify();
    return row!.lifted;
  }
}
