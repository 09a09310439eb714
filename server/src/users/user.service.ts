import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/app-error';
import type { Clock } from '../common/clock';
import { isUuid, parseIds } from '../common/ids';
import { newPassword, type PasswordHasher } from '../passwords/password-hasher';
import type { Database, Queryable } from '../db/database';
import { isUniqueViolation } from '../db/pg-errors';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import { type Profile, resolveProfile } from '../profile-fields/profile-rules';
import { lockTags } from '../tags/tag-locks';
import { MAX_BULK_TAGS, MAX_BULK_USERS } from '../tags/tag.service';
import type { UserFilter } from './dto/user-filter.input';
import type { CreateUserInput, UpdateUserInput } from './dto/user.input';
import { type User, UserStatus } from './dto/user.type';
import { SqlParameters } from '../db/sql-parameters';
import { byStatusOnly, filterConditions, parseUserFilter } from './user-filter';
import { SearchTerms } from './search-terms';
import { countQuery, type PageRequest, pageQuery, plannedPage, runPageQuery, type UserPage } from './user-page-query';
import { type Counted, countUsers, statusCounts } from './user-count';
import type { UserCounts } from './dto/user-connection.type';
import { banReason, email, userName } from './user-rules';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import type { BanSchedule } from './ban-schedule';
import { NEW_USER_BAN_COLUMNS, newUserBanValues, STATUS_WEBHOOK_DATA, statusSet, statusWebhookType, USER_COLUMNS, USER_SNAPSHOT } from './user-row';

/** What user changes need beyond the database: the audit log, webhooks, the clock, password hashing, ban expiry. */
export interface UserLifecycle {
  audit: AuditService;
  outbox: WebhookOutbox;
  clock: Clock;
  passwords: PasswordHasher;
  bans: BanSchedule;
}

/** What a status change sets on the users it changes. */
export interface StatusChange {
  status: UserStatus;
  reason: string | null;
  bannedUntil: Date | null;
}

export class UserService {
  /** Which search terms drive an index scan, by the planner's estimates (cached a minute). */
  private readonly searchTerms = new SearchTerms();

  constructor(
    private readonly db: Database,
    private readonly profileFields: ProfileFieldService,
    private readonly lifecycle: UserLifecycle,
  ) {}

  /**
   * One page by keyset: the ids come from the order's index alone where the
   * filter allows (the signup index covers status and tags), then the rows by
   * primary key. No OFFSET, so page 40 costs what page 1 does.
   */
  async page(appId: string, request: PageRequest): Promise<UserPage> {
    const plan = request.first === 0 ? undefined : await this.searchTerms.plan(this.db, appId, parseUserFilter(request.filter), plannedPage(request));
    const query = pageQuery(appId, request, plan);
    if (query.first > 0) await this.lifecycle.bans.liftIfDue(this.db, appId);
    return runPageQuery(this.db, query);
  }

  /** Users matching the filter: exact within a time budget, else estimated (see countUsers). */
  async count(appId: string, filter: UserFilter | null | undefined): Promise<Counted<{ count: number }>> {
    const parsed = parseUserFilter(filter);
    // A ban that ended is lifted first, so the count by status sees it.
    if (parsed.status) await this.lifecycle.bans.liftIfDue(this.db, appId);
    if (byStatusOnly(parsed)) {
      const counts = await statusCounts(this.db, appId);
      return { counts: { count: parsed.status ? counts[parsed.status === UserStatus.BANNED ? 'banned' : 'active'] : counts.all }, estimated: false };
    }
    const query = countQuery(appId, filter, { driving: await this.searchTerms.driving(this.db, appId, parsed) });
    return countUsers<{ count: number }>(this.db, appId, 'count(*)::int AS count', query.conditions, query.params);
  }

  /** Counts for the status tabs: the filter without its status, split by status. */
  async countByStatus(appId: string, filter: UserFilter | null | undefined): Promise<UserCounts> {
    const parsed = parseUserFilter(filter);
    await this.lifecycle.bans.liftIfDue(this.db, appId);
    if (byStatusOnly(parsed)) return { ...(await statusCounts(this.db, appId)), estimated: false };
    const params = new SqlParameters();
    const driving = await this.searchTerms.driving(this.db, appId, parsed);
    const conditions = filterConditions(appId, parsed, params, { ignoreStatus: true, driving });
    const { counts, estimated } = await countUsers<{ all: number; active: number; banned: number }>(
      this.db,
      appId,
      `count(*)::int AS all,
       count(*) FILTER (WHERE status = 'ACTIVE')::int AS active,
       count(*) FILTER (WHERE status = 'BANNED')::int AS banned`,
      conditions,
      params.values,
    );
    return { ...counts, estimated };
  }

  async findById(appId: string, id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    await this.lifecycle.bans.liftIfDue(this.db, appId);
    const [user] = await this.db.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE app_id = $1 AND id = $2`, [appId, id]);
    return user ?? null;
  }

  async create(actor: Actor, input: CreateUserInput): Promise<User> {
    const { appId } = actor;
    registrationOnly(actor, input);
    const address = email('input.email', input.email);
    const name = userName('input.name', input.name);
    const status = input.status ?? UserStatus.ACTIVE;
    const password = input.password === null || input.password === undefined ? null : newPassword('input.password', input.password);
    const fields = await this.profileFields.list(appId);
    const profile = resolveProfile(fields, input.profile ?? {}, undefined);
    const tagIds = parseIds('input.tagIds', input.tagIds ?? [], MAX_BULK_TAGS);
    const passwordHash = password === null ? null : await this.lifecycle.passwords.hash(password);
    return this.db.transaction(async (tx) => {
      await lockTags(tx, appId, tagIds);
      try {
        const [user] = await tx.query<User & { auditAfter: unknown }>(
          `INSERT INTO users (app_id, email, name, status, profile, tag_ids, ${NEW_USER_BAN_COLUMNS}, password_hash)
           VALUES ($1, $2, $3, $4, $5, $6::uuid[], ${newUserBanValues({ status: '$4', now: '$7', bannedBy: '$8' })}, $9)
           RETURNING ${USER_COLUMNS}, ${USER_SNAPSHOT('users')} AS "auditAfter"`,
          [appId, address, name, status, profile, tagIds, this.lifecycle.clock.now(), actor.subject, passwordHash],
        );
        const { auditAfter, ...created } = user!;
        await this.lifecycle.audit.record(tx, actor, [{ action: 'user.created', targetUserId: created.id, details: { after: auditAfter } }]);
        return created;
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`A user with email ${address} already exists`, 'input.email');
        throw error;
      }
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<User> {
    const { appId } = actor;
    registrationOnly(actor, input);
    const address = input.email === undefined || input.email === null ? undefined : email('input.email', input.email);
    const name = input.name === undefined ? undefined : userName('input.name', input.name);
    const tagIds = input.tagIds ? parseIds('input.tagIds', input.tagIds, MAX_BULK_TAGS) : undefined;
    const fields = input.profile ? await this.profileFields.list(appId) : [];
    const updated = await this.db.transaction(async (tx) => {
      if (tagIds) await lockTags(tx, appId, tagIds);
      const current = await lockUser(tx, appId, id);
      const profile = input.profile ? resolveProfile(fields, input.profile, current.profile as Profile) : current.profile;
      const status = input.status ?? current.status;
      try {
        const [user] = await tx.query<User & { auditAfter: unknown; webhookData: Record<string, unknown> }>(
          `UPDATE users SET
             email = $3, name = $4, profile = $5, tag_ids = $6::uuid[], updated_at = $8,
             ${statusSet('users', { status: '$7', now: '$8', bannedBy: 'coalesce(users.banned_by, $9)' })}
           WHERE app_id = $1 AND id = $2
           RETURNING ${USER_COLUMNS}, ${USER_SNAPSHOT('users')} AS "auditAfter", ${STATUS_WEBHOOK_DATA('users')} AS "webhookData"`,
          [
            appId,
            id,
            address ?? current.email,
            name === undefined ? current.name : name,
            profile,
            tagIds ?? current.tagIds,
            status,
            this.lifecycle.clock.now(),
            actor.subject,
          ],
        );
        const { auditAfter, webhookData, ...updated } = user!;
        // A change of status is a ban or an unban in the history, as from setUserStatus; the rest is an update; nothing changed, no entry.
        const details = { before: current.auditBefore, after: auditAfter };
        const others = (snapshot: unknown) => JSON.stringify({ ...(snapshot as object), ...STATUS_KEYS_CLEARED });
        await this.lifecycle.audit.record(tx, actor, [
          ...(status !== current.status ? [{ action: statusWebhookType(status), targetUserId: id, details }] : []),
          ...(others(current.auditBefore) !== others(auditAfter) ? [{ action: 'user.updated', targetUserId: id, details }] : []),
        ]);
        if (status !== current.status) {
          await this.lifecycle.outbox.enqueue(tx, appId, [{ type: statusWebhookType(updated.status), userId: id, data: webhookData }]);
        }
        return updated;
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`A user with email ${address} already exists`, 'input.email');
        throw error;
      }
    });
    this.lifecycle.outbox.notify();
    return updated;
  }

  async setStatus(actor: Actor, id: string, status: UserStatus, reason: string | null | undefined, bannedUntil?: Date | null): Promise<User> {
    const change = this.checkStatusChange(status, reason, bannedUntil);
    if (!isUuid(id)) throw notFound('User', 'id');
    const [user] = await this.changeStatuses(this.db, actor, [id], change, { onlyChanging: false });
    if (!user) throw notFound('User', 'id');
    this.lifecycle.outbox.notify();
    await this.scheduleBanEnd(actor.appId, change, 1);
    return user;
  }

  /** Sets the status of many users at once; returns how many changed. */
  async setStatuses(
    actor: Actor,
    idsInput: readonly string[],
    status: UserStatus,
    reason: string | null | undefined,
    bannedUntil?: Date | null,
  ): Promise<number> {
    const change = this.checkStatusChange(status, reason, bannedUntil);
    const ids = parseIds('ids', idsInput, MAX_BULK_USERS);
    if (ids.length === 0) return 0;
    const changed = await this.setStatusesIn(this.db, actor, ids, change);
    if (changed > 0) this.lifecycle.outbox.notify();
    await this.scheduleBanEnd(actor.appId, change, changed);
    return changed;
  }

  /**
   * Changes the users among `ids` whose status differs, on `db` (the
   * caller's transaction: a bulk job's batch); returns how many changed.
   * The caller notifies the outbox once it has committed, and schedules the
   * end of a timed ban (scheduleBanEnd).
   */
  async setStatusesIn(db: Queryable, actor: Actor, ids: readonly string[], change: StatusChange): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.changeStatuses(db, actor, ids, change, { onlyChanging: true })).length;
  }

  /**
   * Undo of the caller's own last status change of each user: the status,
   * reason, end, start and author they had before it come back from the
   * audit log's `before`. A user changed since (by anyone, or by a ban that
   * ran out) is left alone. Recorded and sent as a ban or unban, like any
   * status change; returns how many users went back.
   */
  async undoStatusChanges(actor: Actor, idsInput: readonly string[]): Promise<number> {
    const ids = parseIds('userIds', idsInput, MAX_BULK_USERS);
    if (ids.length === 0) return 0;
    const { audit, outbox, clock } = this.lifecycle;
    const params = new SqlParameters();
    const now = params.add(clock.now());
    const app = params.add(actor.appId);
    const earlier = (key: string) => `(target.earlier->>'${key}')`;
    const sides = (['BANNED', 'ACTIVE'] as const).map((status) => {
      const source = `changed WHERE status = '${status}'`;
      const type = statusWebhookType(status);
      const webhooks = outbox.eventsSql(params, type, source);
      return `, audited_${status} AS (${audit.userChangesSql(params, actor, type, source)})${webhooks ? `, queued_${status} AS (${webhooks})` : ''}`;
    });
    const rows = await this.db.query<{ bannedUntil: Date | null }>(
      `WITH last AS (
         SELECT DISTINCT ON (target_user_id) target_user_id, actor, details
           FROM audit_log
          WHERE app_id = ${app} AND target_user_id = ANY(${params.add(ids)}::uuid[]) AND action IN ('user.banned', 'user.unbanned')
          ORDER BY target_user_id, at DESC, id DESC
       ), target AS (
         SELECT users.id, ${USER_SNAPSHOT('users')} AS before, last.details->'before' AS earlier
           FROM users JOIN last ON last.target_user_id = users.id
          WHERE users.app_id = ${app} AND last.actor = ${params.add(actor.subject)}
                AND users.status = last.details->'after'->>'status' AND last.details->'before'->>'status' IN ('ACTIVE', 'BANNED')
          ORDER BY users.id FOR UPDATE OF users
       ), changed AS (
         UPDATE users SET ${statusSet('users', {
           status: earlier('status'),
           now: `coalesce(${earlier('bannedAt')}::timestamptz, ${now}::timestamptz)`,
           reason: earlier('banReason'),
           bannedBy: earlier('bannedBy'),
           bannedUntil: earlier('bannedUntil'),
         })},
                updated_at = ${now}::timestamptz
           FROM target WHERE users.id = target.id
         RETURNING users.app_id, users.id AS user_id, users.status, users.banned_until AS "bannedUntil", target.before,
                   ${USER_SNAPSHOT('users')} AS after, ${STATUS_WEBHOOK_DATA('users')} AS data
       )${sides.join('')}
       SELECT "bannedUntil" FROM changed`,
      params.values,
    );
    if (rows.length > 0) outbox.notify();
    const ends = rows.flatMap((row) => (row.bannedUntil ? [row.bannedUntil.getTime()] : []));
    if (ends.length > 0) await this.lifecycle.bans.scheduleEnd(actor.appId, new Date(Math.min(...ends)));
    return rows.length;
  }

  /** A timed ban: this server and the others learn when to lift it (see BanExpiry). */
  async scheduleBanEnd(appId: string, change: StatusChange, changed: number): Promise<void> {
    if (!change.bannedUntil || changed === 0) return;
    await this.lifecycle.bans.scheduleEnd(appId, change.bannedUntil);
  }

  /**
   * A status change as asked for, checked: a reason and an end only with a
   * ban, the end in the future. `path` prefixes the fields named in errors.
   */
  checkStatusChange(status: UserStatus, reason: string | null | undefined, bannedUntil: Date | null | undefined, path = ''): StatusChange {
    const why = statusReason(status, reason, `${path}reason`);
    if (bannedUntil) {
      if (status !== UserStatus.BANNED) throw badInput(`${path}bannedUntil`, `${path}bannedUntil can only be given with a ban`);
      if (bannedUntil.getTime() <= this.lifecycle.clock.now().getTime()) throw badInput(`${path}bannedUntil`, `${path}bannedUntil must be in the future`);
    }
    return { status, reason: why, bannedUntil: bannedUntil ?? null };
  }

  /**
   * One statement for any number of users: lock them in id order, change
   * them, record an audit entry each and queue a webhook for each whose
   * status actually changed. Returns the changed users.
   */
  private async changeStatuses(db: Queryable, actor: Actor, ids: readonly string[], change: StatusChange, options: { onlyChanging: boolean }): Promise<User[]> {
    const { audit, outbox, clock } = this.lifecycle;
    const params = new SqlParameters();
    const status = params.add(change.status);
    const now = params.add(clock.now());
    const action = statusWebhookType(change.status);
    const webhooks = outbox.eventsSql(params, action, 'changed WHERE old_status <> status');
    const rows = await db.query<User & Record<string, unknown>>(
      `WITH target AS (
         SELECT id, status AS old_status, ${USER_SNAPSHOT('users')} AS before FROM users
          WHERE app_id = ${params.add(actor.appId)} AND id = ANY(${params.add(ids)}::uuid[])
                ${options.onlyChanging ? `AND status <> ${status}` : ''}
          ORDER BY id FOR UPDATE
       ), changed AS (
         UPDATE users SET ${statusSet('users', {
           status,
           now,
           reason: params.add(change.reason),
           bannedBy: params.add(actor.subject),
           bannedUntil: params.add(change.bannedUntil),
         })},
                updated_at = ${now}::timestamptz
           FROM target WHERE users.id = target.id
         RETURNING ${USER_COLUMNS}, users.app_id, users.id AS user_id, target.old_status, target.before,
                   ${USER_SNAPSHOT('users')} AS after,
                   ${STATUS_WEBHOOK_DATA('users')} AS data
       ), audited AS (
         ${audit.userChangesSql(params, actor, action, 'changed')}
       )${webhooks ? `, queued AS (${webhooks})` : ''}
       SELECT * FROM changed ORDER BY id`,
      params.values,
    );
    return rows.map(({ app_id: _app, user_id: _user, old_status: _old, before: _before, after: _after, data: _data, ...user }) => user as User);
  }
}

/** The snapshot's keys a change of status sets, left out when telling whether anything else changed. */
const STATUS_KEYS_CLEARED = { status: null, bannedAt: null, bannedBy: null, bannedUntil: null, banReason: null };

/**
 * The service role (the host app's backend) writes registration data only:
 * email, name, profile and password. A status or tags need a manager or an
 * admin (setUserStatus, the tag mutations).
 */
function registrationOnly(actor: Actor, input: { status?: unknown; tagIds?: unknown }): void {
  if (actor.role !== 'service') return;
  const field = input.status != null ? 'input.status' : input.tagIds != null ? 'input.tagIds' : undefined;
  if (field) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `The service role writes registration data only (email, name, profile, password): ${field === 'input.status' ? 'a status' : 'tags'} can be set by a manager or an admin`,
      field,
    );
  }
}

function statusReason(status: UserStatus, reason: string | null | undefined, field: string): string | null {
  const why = banReason(field, reason);
  if (why && status !== UserStatus.BANNED) throw badInput(field, 'A reason can only be given with a ban');
  return why;
}

async function lockUser(tx: Queryable, appId: string, id: string): Promise<User & { auditBefore: unknown }> {
  if (!isUuid(id)) throw notFound('User', 'id');
  const [user] = await tx.query<User & { auditBefore: unknown }>(
    `SELECT ${USER_COLUMNS}, ${USER_SNAPSHOT('users')} AS "auditBefore" FROM users WHERE app_id = $1 AND id = $2 FOR UPDATE`,
    [appId, id],
  );
  if (!user) throw notFound('User', 'id');
  return user;
}
