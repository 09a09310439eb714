import type { Logger } from 'pino';
import type { Clock } from '../common/clock';
import type { Connection, Database, Queryable } from '../db/database';
import { isConnectionError } from '../db/pg-errors';
import { backoffMs } from './backoff';

/** A job as its store hands it to the runner once claimed. */
export interface ClaimedJob {
  id: string;
  appId: string;
  /** This run's number: the store counts one more at every claim. */
  attempts: number;
  /** How many claims in a row found the job's run dead at the same place (see jobTable's claimSql). */
  stalls: number;
}

/** A job whose run died this many times in a row at the same place is given up (queue's `stalled`). */
export const MAX_STALLS = 2;

/** A job that may run now: its id and the second key of its advisory lock. */
export interface DueJob {
  id: string;
  lockKey: number;
}

/**
 * Every statement a kind of job needs from the runner, against its own
 * table: the runner owns when and by whom, the store owns the rows.
 */
export interface JobStore<Job extends ClaimedJob> {
  /** Queued jobs, and running ones whose runner is gone (see notHeldSql), that may run at `now`; oldest first. */
  due(db: Queryable, lockNamespace: number, limit: number, now: Date): Promise<DueJob[]>;
  /** Marks the job running with one more attempt; undefined when it is no longer due. */
  claim(db: Queryable, id: string, now: Date): Promise<Job | undefined>;
  /** Records that this run is alive; false when the job is no longer this run's (another took it, or it ended). */
  heartbeat(db: Queryable, job: Job, now: Date): Promise<boolean>;
  /**
   * Leaves the job to run again from `at` on: after an attempt that failed for
   * a reason that may pass, or at once after a run that stopped with the
   * server. Either way the run did not die, so the next claim counts no stall.
   */
  retryLater(db: Queryable, job: Job, at: Date): Promise<void>;
  /** Deletes jobs that ended before `before`, with what they hold; returns how many. */
  purgeFinished(db: Queryable, before: Date): Promise<number>;
}

/** What a run may use: the connection that holds the job's lock, and a signal that says stop. */
export interface JobContext {
  /** A connection of the job's own; its session holds the job's advisory lock. */
  connection: Connection;
  /** Aborted when the server stops or this run no longer owns the job: commit what is done, then return. */
  signal: AbortSignal;
}

/** A kind of job: its store, how it runs, and how often it may try. */
export interface QueueDefinition<Job extends ClaimedJob> {
  name: string;
  /** The first key of every one of its jobs' advisory locks (the second is the job's lock key). */
  lockNamespace: number;
  store: JobStore<Job>;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** Runs in all, interruptions included, before the job is given up. */
  maxAttempts: number;
  /** The first retry after an error waits this long, each next one twice as long, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a finished job is kept (purgeFinished). */
  keepFinishedMs: number;
  /**
   * Does the work, committing its progress with the work itself, and ends the
   * job (SUCCEEDED) in its last transaction. Returning without ending it
   * means it was stopped (see JobContext.signal) and resumes later.
   */
  run(job: Job, context: JobContext): Promise<void>;
  /** Ends the job FAILED with a message for whoever started it. */
  fail(job: Job, message: string): Promise<void>;
  /** The message of an error that no retry can mend (a bad file), or undefined for one that may pass. */
  permanentFailure(error: unknown): string | undefined;
  /** The message of a job given up after `attempts` runs that were interrupted or failed. */
  givenUp(job: Job, attempts: number): string;
  /** The message of a job given up because its run died MAX_STALLS times in a row at the same place. */
  stalled(job: Job): string;
}

/** This run lost the job (its lock, then its claim) to another run: it must commit nothing more. */
export class JobTakenOverError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} is run by another process now`);
  }
}

/**
 * Whether no session holds a job's advisory lock: the condition that makes
 * a RUNNING job due again, for `keyColumn` (the job row's lock key) in
 * `namespace` (a constant of the code, written into the SQL).
 */
export function notHeldSql(namespace: number, keyColumn: string): string {
  if (!Number.isInteger(namespace)) throw new Error('A lock namespace is an integer');
  return `NOT EXISTS (
    SELECT 1 FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.classid = ${namespace}::oid AND l.objid = ${keyColumn}::oid AND l.objsubid = 2)`;
}

export interface QueueRunnerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** How often to look for due jobs (a kick looks at once). */
  pollMs: number;
  /** How often a running job says it is alive (and learns whether it is still its run's). */
  heartbeatMs?: number;
}

/**
 * Runs one kind of job in the background of every server process. A job
 * belongs to whoever holds its advisory lock, held by the session of a
 * connection of the job's own: when a process dies its connection closes,
 * the lock frees, and the next poll of any instance resumes the job from
 * what its store says was committed. So there is exactly one run of a job
 * at a time, and a job whose process died waits one poll, not a timeout.
 */
export class QueueRunner<Job extends ClaimedJob> {
  private readonly running = new Map<string, Promise<void>>();
  private readonly runs = new Set<AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private stopping = false;

  constructor(
    readonly definition: QueueDefinition<Job>,
    private readonly options: QueueRunnerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for work now (after a job was queued, or when one ends). */
  kick(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((error: unknown) => this.options.logger.warn({ err: error, queue: this.definition.name }, 'could not look for jobs'))
      .finally(() => {
        this.polling = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops taking jobs; running ones stop after what they are committing and resume in the next process. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const run of this.runs) run.abort();
    await this.polling;
    await Promise.allSettled(this.running.values());
  }

  /** Deletes the jobs that ended longer ago than the queue keeps them. */
  purgeFinished(): Promise<number> {
    return this.definition.store.purgeFinished(this.options.db, new Date(this.options.clock.now().getTime() - this.definition.keepFinishedMs));
  }

  private async poll(): Promise<void> {
    const { definition } = this;
    const free = definition.concurrency - this.running.size;
    if (free <= 0) return;
    const due = await definition.store.due(this.options.db, definition.lockNamespace, free + this.running.size, this.options.clock.now());
    for (const job of due) {
      if (this.stopping || this.running.size >= definition.concurrency) return;
      if (this.running.has(job.id)) continue;
      const run = this.run(job)
        .catch((error: unknown) => this.options.logger.error({ err: error, queue: definition.name, job: job.id }, 'job crashed'))
        .finally(() => {
          this.running.delete(job.id);
          this.kick();
        });
      this.running.set(job.id, run);
    }
  }

  private async run(due: DueJob): Promise<void> {
    const { definition } = this;
    const { db, clock, logger } = this.options;
    let connectionLost = false;
    const connection = await db.dedicated(`user-manager ${definition.name}`, () => {
      connectionLost = true;
    });
    const control = new AbortController();
    this.runs.add(control);
    let heartbeat: NodeJS.Timeout | undefined;
    let job: Job | undefined;
    try {
      const [lock] = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [definition.lockNamespace, due.lockKey]);
      if (!lock?.locked) return;
      job = await definition.store.claim(connection, due.id, clock.now());
      if (!job) return;
      if (job.attempts > definition.maxAttempts) {
        await definition.fail(job, definition.givenUp(job, job.attempts - 1));
        return;
      }
      if (job.stalls >= MAX_STALLS) {
        logger.error(
          { queue: definition.name, job: job.id, app: job.appId, stalls: job.stalls },
          `job given up: its run died ${MAX_STALLS} times at the same place`,
        );
        await definition.fail(job, definition.stalled(job));
        return;
      }
      const claimed = job;
      heartbeat = setInterval(() => {
        definition.store.heartbeat(db, claimed, clock.now()).then(
          (owned) => owned || control.abort(),
          (error: unknown) => logger.warn({ err: error, queue: definition.name, job: claimed.id }, 'job heartbeat failed'),
        );
      }, this.options.heartbeatMs ?? 5_000);
      heartbeat.unref();
      if (this.stopping) control.abort();
      await definition.run(job, { connection, signal: control.signal });
      if (this.stopping) await definition.store.retryLater(connection, job, clock.now());
    } catch (error) {
      if (!job) throw error;
      await this.settle(job, error, this.stopping || connectionLost || isConnectionError(error));
    } finally {
      clearInterval(heartbeat);
      this.runs.delete(control);
      await connection.release();
    }
  }

  /** What an attempt that threw leaves behind: a failed job, a retry after its backoff, or a job that simply resumes. */
  private async settle(job: Job, error: unknown, interrupted: boolean): Promise<void> {
    const { definition } = this;
    const { db, clock, logger } = this.options;
    const context = { queue: definition.name, job: job.id, app: job.appId, attempt: job.attempts };
    if (error instanceof JobTakenOverError) {
      logger.warn(context, 'job taken over by another run');
      return;
    }
    const permanent = definition.permanentFailure(error);
    if (permanent !== undefined) {
      await definition.fail(job, permanent);
      return;
    }
    if (interrupted) {
      // Its last batch committed; the next poll (here or elsewhere) resumes it.
      logger.warn({ ...context, err: error }, 'job interrupted; it will resume');
      if (this.stopping) await definition.store.retryLater(db, job, clock.now()).catch(() => undefined);
      return;
    }
    logger.error({ ...context, err: error }, 'job attempt failed');
    if (job.attempts >= definition.maxAttempts) {
      await definition.fail(job, definition.givenUp(job, job.attempts));
      return;
    }
    const at = new Date(clock.now().getTime() + backoffMs(job.attempts, definition.retryBaseMs, definition.retryMaxMs));
    await definition.store.retryLater(db, job, at);
  }
}
