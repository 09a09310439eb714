import type { Logger } from 'pino';
import type { ActivityService } from '../activity/activity.service';
import type { BanExpiry } from '../bans/ban-expiry';
import type { Clock } from '../common/clock';
import type { CredentialsService } from '../credentials/credentials.service';
import type { Database } from '../db/database';
import { keepTablesFit } from '../db/table-statistics';
import { compactStatusCounts } from '../users/user-count';
import type { ScheduledTask } from '../jobs/scheduled-tasks';
import type { PasswordResetService } from '../password-reset/password-reset.service';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

export interface MaintenanceIntervals {
  webhooksMs: number;
  bansMs: number;
  purgeMs: number;
  /** How often tables whose statistics lag are looked for (and analysed): often enough to catch up during a long import. */
  statisticsMs: number;
}

export const DEFAULT_INTERVALS: MaintenanceIntervals = { webhooksMs: 1_000, bansMs: 30_000, purgeMs: 3_600_000, statisticsMs: 10_000 };
/** Delivered webhooks are kept this long for inspection, then dropped. */
const DELIVERED_KEPT_MS = 7 * 86_400_000;

export interface MaintenanceDependencies {
  db: Database;
  clock: Clock;
  logger: Logger;
  bans: BanExpiry;
  activity: ActivityService;
  credentials: CredentialsService;
  passwordReset: PasswordResetService;
  outbox: WebhookOutbox;
  dispatcher: WebhookDispatcher | undefined;
  /** Deletes finished import and bulk jobs past keeping (the job runner's retention of its queues). */
  purgeJobs: () => Promise<number>;
}

export interface PurgeCounts {
  activity: number;
  tokens: number;
  failures: number;
  webhooks: number;
  /** Finished jobs: imports (with their failed rows) and bulk jobs. */
  imports: number;
}

/**
 * What the server does on its own, as tasks of the job runner: send queued
 * webhooks (every server, each delivery claimed by one), lift bans that ended
 * and purge what is past keeping (activity beyond retention, spent reset
 * tokens, old sign-in failures, delivered webhooks, finished imports), and
 * analyse (and vacuum) tables whose statistics lag (see db/table-statistics.ts), once per
 * interval across all servers.
 */
export function maintenanceTasks(deps: MaintenanceDependencies, intervals: MaintenanceIntervals = DEFAULT_INTERVALS): ScheduledTask[] {
  return [
    { name: 'webhooks', everyMs: intervals.webhooksMs, shared: false, runAtStart: true, run: () => deps.dispatcher?.run() ?? Promise.resolve() },
    { name: 'bans', everyMs: intervals.bansMs, shared: true, runAtStart: true, leaseMs: 5 * 60_000, run: () => liftEndedBans(deps) },
    { name: 'purge', everyMs: intervals.purgeMs, shared: true, leaseMs: 30 * 60_000, run: () => purge(deps) },
    { name: 'statistics', everyMs: intervals.statisticsMs, shared: true, runAtStart: true, leaseMs: 10 * 60_000, run: () => keepTablesFit(deps.db) },
    { name: 'counts', everyMs: intervals.statisticsMs, shared: true, leaseMs: 60_000, run: () => compactStatusCounts(deps.db) },
  ];
}

async function liftEndedBans(deps: MaintenanceDependencies): Promise<number> {
  const lifted = await deps.bans.lift(deps.db);
  await deps.bans.loadSchedule(deps.db);
  return lifted;
}

async function purge(deps: MaintenanceDependencies): Promise<PurgeCounts> {
  const activity = await deps.activity.purgeExpired();
  const tokens = await deps.passwordReset.purgeSpent();
  const failures = await deps.credentials.purgeStaleFailures();
  const webhooks = await deps.outbox.purgeDelivered(deps.db, new Date(deps.clock.now().getTime() - DELIVERED_KEPT_MS));
  const imports = await deps.purgeJobs();
  if (activity + tokens + failures + webhooks + imports > 0) {
    deps.logger.info({ activity, tokens, failures, webhooks, imports }, 'purged expired records');
  }
  return { activity, tokens, failures, webhooks, imports };
}
