import { AppError, badInput, ErrorCode, notFound } from '../common/app-error';
import type { Clock } from '../common/clock';
import type { Database, Queryable } from '../db/database';
import { pageSize } from '../graphql/connection';
import type { AppSettingsService } from '../settings/app-settings.service';
import { decodeTimeCursor } from '../common/time-cursor';
import { SqlParameters } from '../db/sql-parameters';
import { holdAppUsers, holdLastAccess } from '../users/app-users-lock';
import { type CheckedEvent, checkEvents } from './activity-rules';
import { type ActivityEvent, type ActivityInput, ActivityKind } from './dto/activity.type';

export const DEFAULT_ACTIVITY_PAGE = 50;
export const MAX_ACTIVITY_PAGE = 500;
const DAY = 86_400_000;
const PURGE_BATCH = 10_000;

export interface ActivityPageRequest {
  first?: number | null;
  after?: string | null;
  kinds?: readonly ActivityKind[] | null;
  from?: Date | null;
  to?: Date | null;
}

export type ActivityRow = ActivityEvent & { atKey: string };

/**
 * The activity timeline: events the host app reports, each user's last
 * access, the per-user timeline by keyset, and the retention purge.
 */
export class ActivityService {
  constructor(
    private readonly db: Database,
    private readonly settings: AppSettingsService,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  /** The oldest moment still kept. */
  retentionCutoff(): Date {
    return new Date(this.clock.now().getTime() - this.retentionDays * DAY);
  }

  /**
   * Stores a batch of events (unless the app keeps no history) and moves each
   * user's lastAccessAt to their newest event; returns how many were stored.
   * All or nothing: an event for a user the app does not have refuses the batch.
   */
  async record(appId: string, input: readonly ActivityInput[]): Promise<number> {
    const events = checkEvents(input, this.clock.now(), this.retentionCutoff());
    if (events.length === 0) return 0;
    const { activityHistory } = await this.settings.get(appId);
    return this.db.transaction(async (tx) => {
      await holdAppUsers(tx, appId);
      if (activityHistory) {
        // The insert itself keeps only the app's users; fewer rows than events means one is not.
        const stored = await this.insert(tx, appId, events);
        if (stored !== events.length) await this.assertUsersExist(tx, appId, events);
      } else {
        await this.assertUsersExist(tx, appId, events);
      }
      await this.touchLastAccess(tx, appId, events);
      return activityHistory ? events.length : 0;
    });
  }

  /**
   * A successful sign-in: a LOGIN event (when the app keeps history) and
   * lastAccessAt, in the caller's transaction, which holds the app's users
   * lock (users/app-users-lock.ts) from its start.
   */
  async recordLogin(tx: Queryable, appId: string, userId: string, at: Date): Promise<void> {
    const { activityHistory } = await this.settings.get(appId, tx);
    const event: CheckedEvent = { userId, kind: ActivityKind.LOGIN, name: 'verifyCredentials', occurredAt: at, metadata: null };
    if (activityHistory) await this.insert(tx, appId, [event]);
    await this.touchLastAccess(tx, appId, [event]);
  }

  /** One user's events, newest first, by keyset on (occurredAt, id). */
  async page(appId: string, userId: string, request: ActivityPageRequest): Promise<{ events: ActivityRow[]; hasNextPage: boolean }> {
    const first = pageSize(request.first, DEFAULT_ACTIVITY_PAGE, MAX_ACTIVITY_PAGE);
    if (request.from && request.to && request.from.getTime() >= request.to.getTime()) {
      throw badInput('from', 'from must be before to');
    }
    const after = request.after ? decodeTimeCursor(request.after) : undefined;
    const { activityHistory } = await this.settings.get(appId);
    if (!activityHistory) {
      throw new AppError(ErrorCode.FEATURE_DISABLED, 'Activity history is turned off for this app (see updateAppSettings)');
    }
    if (first === 0) return { events: [], hasNextPage: false };
    const params = new SqlParameters();
    // Events past retention that the purge has not reached yet are already gone for readers.
    const conditions = [`user_id = ${params.add(userId)}`, `app_id = ${params.add(appId)}`, `occurred_at >= ${params.add(this.retentionCutoff())}`];
    if (request.kinds && request.kinds.length > 0) conditions.push(`kind = ANY(${params.add(request.kinds)}::text[])`);
    if (request.from) conditions.push(`occurred_at >= ${params.add(request.from)}`);
    if (request.to) conditions.push(`occurred_at < ${params.add(request.to)}`);
    if (after) conditions.push(`(occurred_at, id) < (${params.add(after.at)}::timestamptz, ${params.add(after.id)}::bigint)`);
    const rows = await this.db.query<ActivityRow>(
      `SELECT id::text, kind, name, occurred_at AS "occurredAt", occurred_at::text AS "atKey", metadata
         FROM activity_events WHERE ${conditions.join(' AND ')}
        ORDER BY occurred_at DESC, id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    return { events: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Deletes events older than the retention period, in batches; returns how many. */
  async purgeExpired(): Promise<number> {
    const cutoff = this.retentionCutoff();
    let total = 0;
    for (;;) {
      const deleted = await this.db.execute(
        `DELETE FROM activity_events WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM activity_events WHERE occurred_at < $1 LIMIT $2))`,
        [cutoff, PURGE_BATCH],
      );
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }

  /**
   * Makes sure every user is one of the app's, naming the first that is not
   * (the app's users lock, taken first, keeps them until the batch commits).
   */
  private async assertUsersExist(tx: Queryable, appId: string, events: readonly CheckedEvent[]): Promise<void> {
    const wanted = [...new Set(events.map((event) => event.userId))];
    const found = await tx.query<{ id: string }>('SELECT id FROM users WHERE app_id = $1 AND id = ANY($2::uuid[])', [appId, wanted]);
    if (found.length === wanted.length) return;
    const known = new Set(found.map((row) => row.id));
    const index = events.findIndex((event) => !known.has(event.userId));
    throw notFound(`User ${events[index]!.userId}`, `events[${index}].userId`);
  }

  /**
   * Inserts the events of the app's users among them (the join drops the
   * others; the app's users lock keeps them until commit). The users are
   * looked up once each, not once per event: half the statement's time for a
   * batch of 1,000 events over 50 users. Returns how many were inserted.
   */
  private async insert(tx: Queryable, appId: string, events: readonly CheckedEvent[]): Promise<number> {
    return tx.execute(
      `INSERT INTO activity_events (app_id, user_id, occurred_at, kind, name, metadata)
       SELECT $1, e.user_id, e.occurred_at, e.kind, e.name, e.metadata::jsonb
         FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])
              AS e(user_id, occurred_at, kind, name, metadata)
         JOIN (SELECT id FROM users WHERE app_id = $1 AND id = ANY($2::uuid[])) AS known ON known.id = e.user_id`,
      [
        appId,
        events.map((event) => event.userId),
        events.map((event) => event.occurredAt),
        events.map((event) => event.kind),
        events.map((event) => event.name),
        events.map((event) => event.metadata),
      ],
    );
  }

  /**
   * lastAccessAt only moves forward. It lives in its own narrow table (one
   * row per user), so moving it rewrites no users row. Moves of one app's
   * users take turns (holdLastAccess), so concurrent batches cannot deadlock.
   */
  private async touchLastAccess(tx: Queryable, appId: string, events: readonly CheckedEvent[]): Promise<void> {
    await holdLastAccess(tx, appId);
    await tx.execute(
      `UPDATE user_last_access AS last_access SET at = newest.at
         FROM (SELECT user_id, max(occurred_at) AS at
                 FROM unnest($2::uuid[], $3::timestamptz[]) AS e(user_id, occurred_at) GROUP BY user_id) AS newest
        WHERE last_access.user_id = newest.user_id AND last_access.app_id = $1 AND last_access.at < newest.at`,
      [appId, events.map((event) => event.userId), events.map((event) => event.occurredAt)],
    );
  }
}
