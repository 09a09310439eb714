import type { Logger } from 'pino';
import type { Clock } from '../common/clock';
import type { Database } from '../db/database';
import { type ClaimedJob, type QueueDefinition, QueueRunner } from './job-queue';
import { type ScheduledTask, TaskScheduler } from './scheduled-tasks';

export interface JobRunnerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** How often each queue looks for due jobs besides its kicks. */
  pollMs?: number;
  /** How often a running job says it is alive. */
  heartbeatMs?: number;
}

/**
 * The one place where the server does work on its own: queued jobs (an
 * import; the bulk jobs to come), each claimed by exactly one process at a
 * time, resumed where it stopped, retried with backoff and purged after a
 * while; and scheduled tasks (webhook dispatch, the ban sweep, the purges),
 * run on a timer and, when shared, by one server per interval. See
 * docs/architecture.md, "The job runner".
 */
export class JobRunner {
  private readonly queues = new Map<string, QueueRunner<ClaimedJob>>();
  private scheduler: TaskScheduler | undefined;
  private started = false;

  constructor(private readonly options: JobRunnerOptions) {}

  /** Adds a kind of queued job. */
  addQueue<Job extends ClaimedJob>(definition: QueueDefinition<Job>): QueueRunner<Job> {
    const queue = new QueueRunner(definition, { ...this.options, pollMs: this.options.pollMs ?? 1000 });
    this.queues.set(definition.name, queue);
    return queue;
  }

  /** The scheduled tasks (set once, before start). */
  setTasks(tasks: readonly ScheduledTask[]): void {
    this.scheduler = new TaskScheduler(this.options.db, this.options.logger, tasks);
  }

  /** Starts the queues and, unless `withTasks` is false (tests run tasks by hand), the task timers. */
  async start({ withTasks = true }: { withTasks?: boolean } = {}): Promise<void> {
    this.started = true;
    for (const queue of this.queues.values()) queue.start();
    if (withTasks) await this.scheduler?.start();
  }

  /** Looks for due jobs of the queue now. */
  kick(queueName: string): void {
    if (this.started) this.queues.get(queueName)?.kick();
  }

  /** Runs a scheduled task here and now. */
  runNow<Result>(taskName: string): Promise<Result> {
    if (!this.scheduler) throw new Error('No scheduled tasks');
    return this.scheduler.runNow<Result>(taskName);
  }

  /** Deletes the queue's jobs that ended longer ago than it keeps them; returns how many. */
  purgeFinished(queueName: string): Promise<number> {
    const queue = this.queues.get(queueName);
    if (!queue) throw new Error(`No queue ${queueName}`);
    return queue.purgeFinished();
  }

  /** Stops the timers and the queues; running jobs commit what they are writing and resume in the next process. */
  async stop(): Promise<void> {
    await this.scheduler?.stop();
    await Promise.all([...this.queues.values()].map((queue) => queue.stop()));
  }
}
