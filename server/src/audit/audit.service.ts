import { badInput } from '../common/app-error';
import type { Clock } from '../common/clock';
import { isUuid } from '../common/ids';
import type { Database, Queryable } from '../db/database';
import { decodeTimeCursor } from '../common/time-cursor';
import { pageSize } from '../graphql/connection';
import { SqlParameters } from '../db/sql-parameters';
import type { Actor } from '../auth/actor';
import type { AuditEntry } from './dto/audit-entry.type';

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 500;

/** What one change was: the action, whose account it touched, and its before and after. */
export interface AuditRecord {
  action: string;
  targetUserId?: string | null;
  details?: Record<string, unknown>;
}

/** Keys of a user snapshot that hold personal data, removed when the user is deleted. */
const PERSONAL_KEYS = ['email', 'name', 'profile', 'banReason'];

/**
 * The audit log: who did what to which user or tag, when, with before and
 * after. Entries are written by the services in the same transaction as the
 * change they describe, so a change is never without its entry or the reverse.
 * Other domains (CSV import and export) call `record` with their own action.
 */
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Records entries in the caller's transaction, in one statement. */
  async record(tx: Queryable, actor: Actor, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await tx.execute(
      `INSERT INTO audit_log (app_id, at, actor, role, action, target_user_id, details)
       SELECT $1, $2, $3, $4, entry.action, entry.target_user_id, coalesce(entry.details, '{}')
         FROM jsonb_to_recordset($5::jsonb) AS entry(action text, target_user_id uuid, details jsonb)`,
      [
        actor.appId,
        this.clock.now(),
        actor.subject,
        actor.role,
        JSON.stringify(records.map((entry) => ({ action: entry.action, target_user_id: entry.targetUserId ?? null, details: entry.details ?? {} }))),
      ],
    );
  }

  /**
   * SQL for a data-modifying CTE that records one entry per row of `source`
   * (a CTE with columns `app_id`, `user_id`, `before`, `after`), for
   * set-based changes of many users in one statement.
   */
  userChangesSql(params: SqlParameters, actor: Omit<Actor, 'appId'>, action: string, source: string): string {
    return `INSERT INTO audit_log (app_id, at, actor, role, action, target_user_id, details)
            SELECT app_id, ${params.add(this.clock.now())}::timestamptz, ${params.add(actor.subject)},
                   ${params.add(actor.role)}, ${params.add(action)}, user_id,
                   jsonb_build_object('before', before, 'after', after)
              FROM ${source}`;
  }

  /**
   * When a user is deleted their entries stay (the action, when, by whom) but
   * lose the personal values they held: email, name, profile and ban reason.
   */
  async erasePersonalData(tx: Queryable, appId: string, userIds: readonly string[]): Promise<void> {
    await tx.execute(
      `UPDATE audit_log
          SET details = (details - 'before' - 'after')
                        || CASE WHEN details ? 'before' THEN jsonb_build_object('before', (details->'before') - $3::text[]) ELSE '{}' END
                        || CASE WHEN details ? 'after' THEN jsonb_build_object('after', (details->'after') - $3::text[]) ELSE '{}' END
        WHERE app_id = $1 AND target_user_id = ANY($2::uuid[])`,
      [appId, userIds, PERSONAL_KEYS],
    );
  }

  /** A page of the app's entries (or one user's), newest first by keyset. */
  async page(appId: string, options: { userId?: string | null; first?: number | null; after?: string | null }) {
    const first = pageSize(options.first, DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE);
    if (options.userId && !isUuid(options.userId)) throw badInput('userId', 'userId is not an id');
    const after = options.after ? decodeTimeCursor(options.after) : undefined;
    if (first === 0) return { entries: [] as Array<AuditEntry & { atKey: string }>, hasNextPage: false };
    const params = new SqlParameters();
    const conditions = [`app_id = ${params.add(appId)}`];
    if (options.userId) conditions.push(`target_user_id = ${params.add(options.userId.toLowerCase())}`);
    if (after) conditions.push(`(at, id) < (${params.add(after.at)}::timestamptz, ${params.add(after.id)}::bigint)`);
    const rows = await this.db.query<AuditEntry & { atKey: string }>(
      `SELECT id::text, at, at::text AS "atKey", actor, role, action, target_user_id AS "targetUserId", details
         FROM audit_log WHERE ${conditions.join(' AND ')}
        ORDER BY at DESC, id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    return { entries: rows.slice(0, first), hasNextPage: rows.length > first };
  }
}
