import type { Clock } from '../common/clock';
import type { Queryable } from '../db/database';
import type { SqlParameters } from '../db/sql-parameters';
import type { WebhookType } from './webhook-event';

export interface WebhookEvent {
  type: WebhookType;
  userId: string;
  data?: Record<string, unknown>;
}

/**
 * Queues webhook deliveries in the caller's transaction: an event is stored
 * only if the change it reports commits, and stays stored until the host
 * accepts it (see WebhookDispatcher). Callers `notify()` once their
 * transaction has committed, so delivery starts at once rather than at the
 * dispatcher's next poll. With no WEBHOOK_URL nothing is queued.
 * The body is kept as the exact text that will be signed and sent; it holds
 * ids and facts of the change, never an email or a name.
 */
export class WebhookOutbox {
  constructor(
    readonly enabled: boolean,
    private readonly clock: Clock,
    private readonly onQueued: () => void = () => undefined,
  ) {}

  async enqueue(tx: Queryable, appId: string, events: readonly WebhookEvent[]): Promise<void> {
    if (!this.enabled || events.length === 0) return;
    const now = this.clock.now();
    await tx.execute(
      `INSERT INTO webhook_outbox (app_id, user_id, type, body, next_attempt_at, created_at)
       SELECT $1, event.user_id, event.type, event.body, $2, $2
         FROM jsonb_to_recordset($3::jsonb) AS event(user_id uuid, type text, body text)`,
      [
        appId,
        now,
        JSON.stringify(
          events.map((event) => ({
            user_id: event.userId,
            type: event.type,
            body: JSON.stringify({ type: event.type, appId, userId: event.userId, at: now.toISOString(), data: event.data ?? {} }),
          })),
        ),
      ],
    );
  }

  /**
   * SQL for a data-modifying CTE that queues one event per row of `source`
   * (columns `app_id`, `user_id`, `data`), for set-based changes; undefined
   * when webhooks are off.
   */
  eventsSql(params: SqlParameters, type: WebhookType, source: string): string | undefined {
    if (!this.enabled) return undefined;
    const now = this.clock.now();
    const at = params.add(now);
    return `INSERT INTO webhook_outbox (app_id, user_id, type, body, next_attempt_at, created_at)
            SELECT app_id, user_id, ${params.add(type)}::text,
                   jsonb_build_object('type', ${params.add(type)}::text, 'appId', app_id, 'userId', user_id,
                                      'at', ${params.add(now.toISOString())}::text, 'data', data)::text,
                   ${at}::timestamptz, ${at}::timestamptz
              FROM ${source}`;
  }

  /** Drops deliveries the host accepted before `before`; returns how many. */
  purgeDelivered(db: Queryable, before: Date): Promise<number> {
    return db.execute('DELETE FROM webhook_outbox WHERE delivered_at < $1', [before]);
  }

  /** Tells the dispatcher that events were queued by a statement that has committed. */
  notify(): void {
    if (this.enabled) this.onQueued();
  }
}

/** A timestamp in SQL written as JavaScript's toISOString() does, so every body reads times alike. */
export const isoTime = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
