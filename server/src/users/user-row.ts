import { isoTime } from '../webhooks/webhook-outbox';

/**
 * The SQL pieces of a users row that every writer shares: the columns the
 * User type reads, the snapshot the audit log keeps, what a status change
 * sets and clears, and what its webhook says. The user service, ban expiry
 * and the CSV import all write status through these.
 */

/** A user's last access from their user_last_access row `row`: NULL until they first come back (see migration UserLastAccess1765100000000). */
export const lastAccessValue = (row: string) => `nullif(${row}.at, '-infinity')`;

/** The same, looked up for the users row `row`. */
export const LAST_ACCESS_AT = (row: string) =>
  `(SELECT ${lastAccessValue('last_access')} FROM user_last_access AS last_access WHERE last_access.user_id = ${row}.id)`;

export const USER_COLUMNS = `users.id, users.email, users.name, users.status, users.profile,
  users.tag_ids AS "tagIds", users.signed_up_at AS "signedUpAt", ${LAST_ACCESS_AT('users')} AS "lastAccessAt",
  users.banned_at AS "bannedAt", users.ban_reason AS "banReason",
  users.banned_by AS "bannedBy", users.banned_until AS "bannedUntil",
  users.created_at AS "createdAt", users.updated_at AS "updatedAt"`;

/**
 * A user as the audit log keeps it, before and after a change: never the
 * password hash. A status change's `before` is what its undo restores
 * (UserService.undoStatusChanges). `row` is a users row (or alias) in SQL.
 */
export const USER_SNAPSHOT = (row: string) => `jsonb_build_object(
  'email', ${row}.email, 'name', ${row}.name, 'status', ${row}.status, 'profile', ${row}.profile,
  'tagIds', to_jsonb(${row}.tag_ids), 'bannedUntil', ${row}.banned_until, 'banReason', ${row}.ban_reason,
  'bannedAt', ${row}.banned_at, 'bannedBy', ${row}.banned_by, 'hasPassword', ${row}.password_hash IS NOT NULL)`;

/** A change of status, each part an SQL expression (a placeholder, a column, a constant). */
export interface StatusChange {
  status: string;
  /** The moment of the change: a new ban starts then (one already in force keeps its start). */
  now: string;
  /** The ban's reason; unless given, a ban keeps the reason it has. */
  reason?: string;
  /** Who bans; unless given, whoever banned before. */
  bannedBy?: string;
  /** When the ban ends (NULL: until lifted); unless given, when it ended before. */
  bannedUntil?: string;
}

/**
 * The SET clauses of a status change on the users row `row` (the UPDATE's
 * target or its alias): a ban records when, why, by whom and until when;
 * becoming active clears all four.
 */
export function statusSet(row: string, change: StatusChange): string {
  const banned = `${change.status} = 'BANNED'`;
  return `status = ${change.status},
    banned_at = CASE WHEN ${banned} THEN coalesce(${row}.banned_at, ${change.now}::timestamptz) END,
    ban_reason = CASE WHEN ${banned} THEN ${change.reason ? `coalesce(${change.reason}, ${row}.ban_reason)` : `${row}.ban_reason`} END,
    banned_by = CASE WHEN ${banned} THEN ${change.bannedBy ?? `${row}.banned_by`} END,
    banned_until = CASE WHEN ${banned} THEN ${change.bannedUntil ? `${change.bannedUntil}::timestamptz` : `${row}.banned_until`} END`;
}

/** The ban columns of a new users row, for INSERT … (…, banned_at, banned_by). */
export const NEW_USER_BAN_COLUMNS = 'banned_at, banned_by';

/** Their values for a user created with `status` (SQL expressions, like StatusChange). */
export const newUserBanValues = (change: Pick<StatusChange, 'status' | 'now' | 'bannedBy'>): string =>
  `CASE WHEN ${change.status} = 'BANNED' THEN ${change.now}::timestamptz END, CASE WHEN ${change.status} = 'BANNED' THEN ${change.bannedBy ?? 'NULL'} END`;

/** What a user.banned or user.unbanned webhook says beyond the user id, from the changed row. */
export const STATUS_WEBHOOK_DATA = (row: string) => `CASE WHEN ${row}.status = 'BANNED'
  THEN jsonb_build_object('reason', ${row}.ban_reason, 'bannedUntil', ${isoTime(`${row}.banned_until`)}, 'bannedBy', ${row}.banned_by)
  ELSE '{}'::jsonb END`;

/** What the user.unbanned webhook of a ban that ran out says: `until` is when it ended. */
export const BAN_ENDED_WEBHOOK_DATA = (until: string) => `jsonb_build_object('reason', 'ban ended', 'bannedUntil', ${isoTime(until)})`;

/** The webhook type of a change to `status`. */
export const statusWebhookType = (status: string): 'user.banned' | 'user.unbanned' => (status === 'BANNED' ? 'user.banned' : 'user.unbanned');
