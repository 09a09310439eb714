import type { Logger } from 'pino';
import type { Database } from '../db/database';

/** Something the server does on its own, every so often. */
export interface ScheduledTask<Result = unknown> {
  name: string;
  everyMs: number;
  /**
   * Shared tasks run once per interval across every server on the database,
   * by whichever claims the run (a sweep, a purge). A task of each server's
   * own runs in every one (webhook dispatch, whose deliveries are claimed one
   * by one, and which each server kicks after its own changes).
   */
  shared: boolean;
  /** How long a shared run may go without renewing its lease before another server may take the task over. */
  leaseMs?: number;
  /** Runs (or, when shared, tries to claim a run) as the server starts, not only after the first interval. */
  runAtStart?: boolean;
  run(): Promise<Result>;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * Runs scheduled tasks. A shared task's run is claimed in `scheduled_tasks`
 * by one UPDATE that moves `next_run_at` on and takes a lease, renewed while
 * the run goes on; a process that dies mid-run leaves a lease that runs out.
 * These rows coordinate processes, so they use the database's clock, not the
 * injected one (which moves the rules' time in tests).
 */
export class TaskScheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly tasks: readonly ScheduledTask[],
  ) {}

  /** Starts every task's timer (a task new to the database is first due after one interval, or at once if it runs at start). */
  async start(): Promise<void> {
    const shared = this.tasks.filter((task) => task.shared);
    if (shared.length > 0) {
      await this.db.execute(
        `INSERT INTO scheduled_tasks (name, next_run_at)
         SELECT name, now() + delay * interval '1 millisecond' FROM unnest($1::text[], $2::int[]) AS task(name, delay)
         ON CONFLICT (name) DO NOTHING`,
        [shared.map((task) => task.name), shared.map((task) => (task.runAtStart ? 0 : task.everyMs))],
      );
    }
    for (const task of this.tasks) {
      const timer = setInterval(() => void this.tick(task), task.everyMs);
      timer.unref();
      this.timers.push(timer);
      if (task.runAtStart) void this.tick(task);
    }
  }

  /**
   * Runs the task here and now, whatever the schedule (an outbox kick, a
   * test); a run already going here is waited for, then this one runs.
   */
  async runNow<Result>(name: string): Promise<Result> {
    const task = this.task(name) as ScheduledTask<Result>;
    await this.running.get(name)?.catch(() => undefined);
    return this.track(task, task.run());
  }

  /** Stops the timers and waits for runs still going. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private task(name: string): ScheduledTask {
    const task = this.tasks.find((candidate) => candidate.name === name);
    if (!task) throw new Error(`No scheduled task ${name}`);
    return task;
  }

  private async tick(task: ScheduledTask): Promise<void> {
    if (this.stopped || this.running.has(task.name)) return;
    try {
      if (!task.shared) {
        await this.track(task, task.run());
        return;
      }
      const leaseMs = task.leaseMs ?? DEFAULT_LEASE_MS;
      const claimed = await this.db.execute(
        `UPDATE scheduled_tasks
            SET next_run_at = now() + $2 * interval '1 millisecond', lease_until = now() + $3 * interval '1 millisecond',
                last_started_at = now(), runs = runs + 1
          WHERE name = $1 AND next_run_at <= now() AND (lease_until IS NULL OR lease_until < now())`,
        [task.name, task.everyMs, leaseMs],
      );
      if (claimed === 0) return;
      const renew = setInterval(() => {
        this.db
          .execute(`UPDATE scheduled_tasks SET lease_until = now() + $2 * interval '1 millisecond' WHERE name = $1`, [task.name, leaseMs])
          .catch((error: unknown) => this.logger.warn({ err: error, task: task.name }, 'could not renew a task lease'));
      }, leaseMs / 3);
      renew.unref();
      let problem: string | null = null;
      try {
        await this.track(task, task.run());
      } catch (error) {
        problem = error instanceof Error ? error.message.slice(0, 500) : String(error);
        throw error;
      } finally {
        clearInterval(renew);
        await this.db.execute('UPDATE scheduled_tasks SET lease_until = NULL, last_finished_at = now(), last_error = $2 WHERE name = $1', [task.name, problem]);
      }
    } catch (error) {
      this.logger.error({ err: error, task: task.name }, 'scheduled task failed');
    }
  }

  private track<Result>(task: ScheduledTask, run: Promise<Result>): Promise<Result> {
    const tracked = run.finally(() => {
      if (this.running.get(task.name) === tracked) this.running.delete(task.name);
    });
    this.running.set(task.name, tracked);
    return tracked;
  }
}
