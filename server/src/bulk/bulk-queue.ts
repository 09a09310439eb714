import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import type { Clock } from '../common/clock';
import type { Connection, Database, Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import { analyzeAfterWrite } from '../db/table-statistics';
import { JobTakenOverError, type QueueDefinition } from '../jobs/job-queue';
import type { TagService } from '../tags/tag.service';
import type { Role } from '../auth/roles';
import { UserStatus } from '../users/dto/user.type';
import type { UserDeletionService } from '../users/user-deletion.service';
import type { UserService } from '../users/user.service';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import { jobConditions } from './bulk-job.service';
import type { BulkJobRow, BulkJobStore } from './bulk-job.store';
import { BulkAction, BulkJobStatus } from './dto/bulk-job.type';

export const BULK_QUEUE = 'bulk';
/** First key of every bulk job's advisory lock (the second is the job's lock_key). */
const LOCK_NAMESPACE = 7436112;
/** Finished bulk jobs are kept this long; each user's history keeps what was done to them. */
const BULK_JOBS_KEPT_MS = 30 * 86_400_000;
/** Users changed per transaction: short enough that no transaction holds its locks for long. */
export const BULK_BATCH = 2_000;

export interface BulkQueueDependencies {
  db: Database;
  store: BulkJobStore;
  users: UserService;
  tags: TagService;
  deletion: UserDeletionService;
  outbox: WebhookOutbox;
  clock: Clock;
  logger: Logger;
  batchSize?: number;
}

/**
 * Bulk jobs as a queue of the job runner. A job walks the users its filter
 * matches in signup order, a batch per transaction: the batch's users are
 * changed through the same set-based statements as the ids forms (so each
 * user's history and webhooks are as they are for one user), and the job's
 * place moves past the batch in the same transaction. A job stopped half way
 * resumes after its last committed batch and never does a user twice.
 */
export function bulkQueue(deps: BulkQueueDependencies): QueueDefinition<BulkJobRow> {
  return {
    name: BULK_QUEUE,
    lockNamespace: LOCK_NAMESPACE,
    store: deps.store,
    concurrency: 1,
    maxAttempts: 5,
    retryBaseMs: 10_000,
    retryMaxMs: 5 * 60_000,
    keepFinishedMs: BULK_JOBS_KEPT_MS,
    run: (job, context) => runBulkJob(deps, job, context.connection, context.signal),
    fail: async (job, message) => {
      if (await deps.store.finish(deps.db, job, { status: BulkJobStatus.FAILED, message }, deps.clock.now())) {
        deps.logger.warn({ job: job.id, app: job.appId, action: job.action, message }, 'bulk job failed');
      }
    },
    permanentFailure: () => undefined,
    stalled: () =>
      'The job stopped twice at the same user without getting further (the server was restarted or ran out of memory while it ran), so it was given up rather than started a third time; the users counted as processed were changed',
    givenUp: (_job, attempts) =>
      `The job was stopped ${attempts} times (a restart or an internal error) and was given up; the users counted as processed were changed`,
  };
}

async function runBulkJob(deps: BulkQueueDependencies, job: BulkJobRow, connection: Connection, signal: AbortSignal): Promise<void> {
  const { store, clock, logger } = deps;
  const actor: Actor = { appId: job.appId, subject: job.createdBy, role: job.createdRole as Role };
  const size = deps.batchSize ?? BULK_BATCH;
  const started = Date.now();
  let after = job.after;
  let changedHere = 0;
  logger.info({ job: job.id, app: job.appId, action: job.action, total: job.total, resumed: after !== null }, 'bulk job started');
  for (;;) {
    if (signal.aborted) return;
    const outcome = await connection.transaction(async (tx) => {
      const batch = await nextBatch(tx, job, after, size);
      const last = batch.at(-1);
      if (!last) {
        if (!(await store.finish(tx, job, { status: BulkJobStatus.SUCCEEDED }, clock.now()))) throw new JobTakenOverError(job.id);
        // Before it is reported done: reads after it are planned with statistics that know its changes.
        await analyzeAfterWrite(tx, 'users', job.total);
        if (job.action === BulkAction.DELETE) await analyzeAfterWrite(tx, 'user_last_access', job.total);
        return { done: true, changed: 0, last: after };
      }
      const changed = await apply(
        deps,
        tx,
        actor,
        job,
        batch.map((user) => user.id),
      );
      if (!(await store.recordBatch(tx, job, { processed: batch.length, changed, last }))) throw new JobTakenOverError(job.id);
      return { done: false, changed, last };
    });
    after = outcome.last;
    changedHere += outcome.changed;
    if (outcome.changed > 0) deps.outbox.notify();
    if (outcome.done) break;
  }
  if (job.action === BulkAction.BAN && job.bannedUntil) {
    await deps.users.scheduleBanEnd(job.appId, { status: UserStatus.BANNED, reason: job.reason, bannedUntil: job.bannedUntil }, changedHere);
  }
  logger.info({ job: job.id, app: job.appId, action: job.action, changed: changedHere, ms: Date.now() - started }, 'bulk job finished');
}

/** The next users of the job after `after`, in signup order (newest first, as the list shows them). */
async function nextBatch(tx: Queryable, job: BulkJobRow, after: BulkJobRow['after'], size: number): Promise<Array<{ id: string; signedUpAt: string }>> {
  const params = new SqlParameters();
  const conditions = jobConditions(job.appId, job.filter, job.matchedBefore, params);
  if (after) conditions.push(`(signed_up_at, id) < (${params.add(after.signedUpAt)}::timestamptz, ${params.add(after.id)}::uuid)`);
  return tx.query<{ id: string; signedUpAt: string }>(
    `SELECT id, signed_up_at::text AS "signedUpAt" FROM users WHERE ${conditions.join(' AND ')}
      ORDER BY signed_up_at DESC, id DESC LIMIT ${params.add(size)}`,
    params.values,
  );
}

/** Changes one batch of users as the job says; returns how many changed. */
async function apply(deps: BulkQueueDependencies, tx: Queryable, actor: Actor, job: BulkJobRow, ids: string[]): Promise<number> {
  switch (job.action) {
    case BulkAction.BAN:
      return deps.users.setStatusesIn(tx, actor, ids, { status: UserStatus.BANNED, reason: job.reason, bannedUntil: job.bannedUntil });
    case BulkAction.UNBAN:
      return deps.users.setStatusesIn(tx, actor, ids, { status: UserStatus.ACTIVE, reason: null, bannedUntil: null });
    case BulkAction.ADD_TAGS:
      return (await deps.tags.changeLinksIn(tx, actor, ids, job.tagIds, 'add')).users;
    case BulkAction.REMOVE_TAGS:
      return (await deps.tags.changeLinksIn(tx, actor, ids, job.tagIds, 'remove')).users;
    case BulkAction.DELETE:
      return deps.deletion.deleteIn(tx, actor, ids);
  }
}
