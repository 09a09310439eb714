import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { AppError, badInput, ErrorCode, notFound } from '../common/app-error';
import type { Clock } from '../common/clock';
import { parseIds } from '../common/ids';
import type { Database, Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import type { TagService } from '../tags/tag.service';
import { MAX_BULK_TAGS } from '../tags/tag.service';
import type { BanSchedule } from '../users/ban-schedule';
import { UserStatus } from '../users/dto/user.type';
import { filterConditions, type ParsedFilter, parseUserFilter } from '../users/user-filter';
import type { UserService } from '../users/user.service';
import type { BulkJobStore } from './bulk-job.store';
import { BulkAction, type BulkJob, type BulkJobInput } from './dto/bulk-job.type';

/** The condition on users of a job: its filter, and only users that existed when it was confirmed. */
export function jobConditions(appId: string, filter: ParsedFilter, matchedBefore: Date, params: SqlParameters): string[] {
  return [...filterConditions(appId, filter, params), `created_at < ${params.add(matchedBefore)}::timestamptz`];
}

/**
 * Starts bulk work on every user a filter matches, after checking it as the
 * ids forms check theirs: the role (delete is for admins), the filter, the
 * reason and end of a ban, the tags; and the count the admin confirmed
 * against the count now. The work itself runs in the background (see
 * bulk-queue.ts).
 */
export class BulkJobService {
  constructor(
    private readonly db: Database,
    private readonly store: BulkJobStore,
    private readonly users: UserService,
    private readonly tags: TagService,
    private readonly bans: BanSchedule,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Tells the job runner a job is queued. */
    private readonly kick: () => void,
  ) {}

  async start(actor: Actor, input: BulkJobInput): Promise<BulkJob> {
    const { appId } = actor;
    if (input.action === BulkAction.DELETE && actor.role !== 'admin') {
      throw new AppError(ErrorCode.FORBIDDEN, `The ${actor.role} role may not delete users; it needs admin`);
    }
    const filter = parseUserFilter(input.filter, 'input.filter');
    const { reason, bannedUntil, tagIds } = await this.checkAction(appId, input);
    if (!Number.isInteger(input.expectedCount) || input.expectedCount < 0) {
      throw badInput('input.expectedCount', 'input.expectedCount must be the number of users the filter matches, 0 or more');
    }
    const now = this.clock.now();
    // The count reads status: bans that have ended are lifted first, as for every read of it.
    await this.bans.liftIfDue(this.db, appId);
    return this.db
      .transaction(
        async (tx) => {
          const total = await countMatching(tx, appId, filter, now);
          if (total !== input.expectedCount) {
            throw new AppError(
              ErrorCode.CONFLICT,
              `The filter matches ${total.toLocaleString('en-US')} users now, not the ${input.expectedCount.toLocaleString('en-US')} confirmed; confirm the new number to go on`,
              'input.expectedCount',
              { count: total },
            );
          }
          const job = await this.store.create(tx, {
            appId,
            action: input.action,
            filter,
            reason,
            bannedUntil,
            tagIds,
            expectedCount: input.expectedCount,
            total,
            createdBy: actor.subject,
            createdRole: actor.role,
            now,
          });
          await this.audit.record(tx, actor, [{ action: 'users.bulk_started', details: { jobId: job.id, action: input.action, users: total } }]);
          return job;
        },
        { attempts: 1 },
      )
      .then((job) => {
        this.kick();
        return job;
      });
  }

  find(appId: string, id: string): Promise<BulkJob | null> {
    return this.store.find(appId, id);
  }

  /** What each action needs beside the filter, checked as setUsersStatus and addTagsToUsers check theirs. */
  private async checkAction(appId: string, input: BulkJobInput): Promise<{ reason: string | null; bannedUntil: Date | null; tagIds: string[] }> {
    const tagging = input.action === BulkAction.ADD_TAGS || input.action === BulkAction.REMOVE_TAGS;
    if (!tagging && input.tagIds?.length) throw badInput('input.tagIds', 'input.tagIds only go with ADD_TAGS or REMOVE_TAGS');
    if (input.action !== BulkAction.BAN && (input.reason || input.bannedUntil)) {
      throw badInput(input.reason ? 'input.reason' : 'input.bannedUntil', 'A reason and an end only go with BAN');
    }
    if (input.action === BulkAction.BAN) {
      const change = this.users.checkStatusChange(UserStatus.BANNED, input.reason, input.bannedUntil, 'input.');
      return { reason: change.reason, bannedUntil: change.bannedUntil, tagIds: [] };
    }
    if (!tagging) return { reason: null, bannedUntil: null, tagIds: [] };
    const tagIds = parseIds('input.tagIds', input.tagIds ?? [], MAX_BULK_TAGS);
    if (tagIds.length === 0) throw badInput('input.tagIds', 'input.tagIds must name at least one tag');
    const known = new Set((await this.tags.findByIds(appId, tagIds)).map((tag) => tag.id));
    const missing = tagIds.find((id) => !known.has(id));
    if (missing) throw notFound(`Tag ${missing}`, 'input.tagIds');
    return { reason: null, bannedUntil: null, tagIds };
  }
}

async function countMatching(db: Queryable, appId: string, filter: ParsedFilter, before: Date): Promise<number> {
  const params = new SqlParameters();
  const conditions = jobConditions(appId, filter, before, params);
  const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM users WHERE ${conditions.join(' AND ')}`, params.values);
  return row!.count;
}
