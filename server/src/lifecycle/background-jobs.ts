import type { Logger } from 'pino';
import type { ActivityService } from '../activity/activity.service';
import type { BanExpiry } from '../bans/ban-expiry';
import type { Clock } from '../common/clock';
import type { CredentialsService } from '../credentials/credentials.service';
import type { Database } from '../db/database';
import type { PasswordResetService } from '../password-reset/password-reset.service';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

export interface JobIntervals {
  webhooksMs: number;
  bansMs: number;
  purgeMs: number;
}

export const DEFAULT_INTERVALS: JobIntervals = { webhooksMs: 1_000, bansMs: 30_000, purgeMs: 3_600_000 };
/** Delivered webhooks are kept this long for inspection, then dropped. */
const DELIVERED_KEPT_MS = 7 * 86_400_000;
/** Finished import jobs, with the failed rows they hold (personal data), are kept this long; the audit log keeps that they ran. */
export const IMPORT_JOBS_KEPT_MS = 30 * 86_400_000;

export interface JobDependencies {
  db: Database;
  clock: Clock;
  logger: Logger;
  bans: BanExpiry;
  activity: ActivityService;
  credentials: CredentialsService;
  passwordReset: PasswordResetService;
  dispatcher: WebhookDispatcher | undefined;
}

/**
 * What the server does on its own: send queued webhooks, lift bans that
 * ended, and purge what is past keeping (activity beyond retention, spent
 * reset tokens, old sign-in failures, delivered webhooks, finished imports). Every job is safe
 * to run on several servers at once and is also callable directly (tests).
 */
export class BackgroundJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: JobDependencies) {}

  start(intervals: JobIntervals = DEFAULT_INTERVALS): void {
    const every = (ms: number, name: string, job: () => Promise<unknown>) => {
      const timer = setInterval(() => void this.once(name, job), ms);
      timer.unref();
      this.timers.push(timer);
    };
    if (this.deps.dispatcher) every(intervals.webhooksMs, 'webhooks', () => this.dispatchWebhooks());
    every(intervals.bansMs, 'bans', () => this.liftEndedBans());
    every(intervals.purgeMs, 'purge', () => this.purge());
    void this.once('bans', () => this.liftEndedBans());
  }

  dispatchWebhooks(): Promise<void> {
    return this.deps.dispatcher?.run() ?? Promise.resolve();
  }

  async liftEndedBans(): Promise<number> {
    const lifted = await this.deps.bans.lift(this.deps.db);
    await this.deps.bans.loadSchedule(this.deps.db);
    return lifted;
  }

  async purge(): Promise<{ activity: number; tokens: number; failures: number; webhooks: number; imports: number }> {
    const now = this.deps.clock.now().getTime();
    const activity = await this.deps.activity.purgeExpired();
    const tokens = await this.deps.passwordReset.purgeSpent();
    const failures = await this.deps.credentials.purgeStaleFailures();
    const webhooks = await this.deps.db.execute('DELETE FROM webhook_outbox WHERE delivered_at < $1', [new Date(now - DELIVERED_KEPT_MS)]);
    // Their failed rows and any stored chunks go with them (ON DELETE CASCADE).
    const imports = await this.deps.db.execute(`DELETE FROM import_jobs WHERE status IN ('SUCCEEDED', 'FAILED') AND finished_at < $1`, [
      new Date(now - IMPORT_JOBS_KEPT_MS),
    ]);
    if (activity + tokens + failures + webhooks + imports > 0) {
      this.deps.logger.info({ activity, tokens, failures, webhooks, imports }, 'purged expired records');
    }
    return { activity, tokens, failures, webhooks, imports };
  }

  /** Stops the timers and waits for jobs still running. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private async once(name: string, job: () => Promise<unknown>): Promise<void> {
    if (this.running.has(name)) return;
    const run = job()
      .catch((error) => this.deps.logger.error({ err: error, job: name }, 'background job failed'))
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    await run;
  }
}
