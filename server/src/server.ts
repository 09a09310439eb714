import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { Logger } from 'pino';
import type { GraphQLSchema } from 'graphql';
import { ActivityResolver } from './activity/activity.resolver';
import { ActivityService } from './activity/activity.service';
import { AuditResolver } from './audit/audit.resolver';
import { BulkJobResolver } from './bulk/bulk-job.resolver';
import { BulkJobService } from './bulk/bulk-job.service';
import { BulkJobStore } from './bulk/bulk-job.store';
import { BULK_QUEUE, bulkQueue } from './bulk/bulk-queue';
import { MeResolver } from './me/me.resolver';
import { AuditService } from './audit/audit.service';
import { TokenService } from './auth/token-service';
import { BanEndListener } from './bans/ban-end-listener';
import { BanExpiry } from './bans/ban-expiry';
import { type Clock, systemClock } from './common/clock';
import type { Config } from './config/config';
import { CredentialsResolver } from './credentials/credentials.resolver';
import { CredentialsService, type LockoutPolicy } from './credentials/credentials.service';
import { CsvExportService } from './csv/csv-export.service';
import { ImportJobResolver } from './csv/import-job.resolver';
import { IMPORT_QUEUE, importQueue } from './csv/import-queue';
import { ImportJobStore } from './csv/import-job.store';
import { Database } from './db/database';
import { buildApiSchema, type ResolverClass } from './graphql/schema';
import { createApp } from './http/app';
import type { TableUpkeep } from './db/table-statistics';
import { currentRequest } from './http/request-scope';
import { JobRunner } from './jobs/job-runner';
import { DEFAULT_INTERVALS, type MaintenanceIntervals, maintenanceTasks, type PurgeCounts } from './lifecycle/maintenance';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordResetResolver } from './password-reset/password-reset.resolver';
import { PasswordResetService } from './password-reset/password-reset.service';
import { RateLimiter } from './password-reset/rate-limiter';
import { ResetMailer } from './password-reset/reset-mailer';
import { ProfileFieldResolver } from './profile-fields/profile-field.resolver';
import { ProfileFieldService } from './profile-fields/profile-field.service';
import { SavedViewResolver } from './saved-views/saved-view.resolver';
import { SavedViewService } from './saved-views/saved-view.service';
import { AppSettingsResolver } from './settings/app-settings.resolver';
import { AppSettingsService } from './settings/app-settings.service';
import { createTagLoader } from './tags/tag.loader';
import { TagResolver } from './tags/tag.resolver';
import { TagService } from './tags/tag.service';
import { UserDeletionResolver } from './users/user-deletion.resolver';
import { UserDeletionService } from './users/user-deletion.service';
import { UserConnectionResolver, UserResolver } from './users/user.resolver';
import { UserService } from './users/user.service';
import { type DispatcherOptions, WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookOutbox } from './webhooks/webhook-outbox';

export interface ServerOptions {
  config: Config;
  /** The migrated database to serve. */
  databaseUrl: string;
  jwtSecret: string;
  logger: Logger;
  /** Outside production: the token the demo page at / embeds. */
  demoToken?: string;
  /** A fresh short-lived token for the demo page (development). */
  renewDemoToken?: () => Promise<string>;
  /** Where time-based rules read the time (tests move it). */
  clock?: Clock;
  /** Tuning for tests: job intervals, webhook retry timing, sign-in lockout, reset attempts per address. */
  lifecycle?: LifecycleOptions;
}

export interface LifecycleOptions {
  /** The scheduled tasks' intervals; false: no timers (tests run them with `jobs`). */
  jobs?: Partial<MaintenanceIntervals> | false;
  webhooks?: Partial<Omit<DispatcherOptions, 'url' | 'secret'>>;
  lockout?: LockoutPolicy;
  /** Reset completions a client address (limit) and one reset link (perToken) may try per window. */
  resetAttempts?: { limit: number; windowMs: number; perToken?: number };
  /** Users a bulk job changes per transaction. */
  bulkBatchSize?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  services: Services;
  tokens: TokenService;
  /** The maintenance tasks, to run here and now. */
  jobs: MaintenanceJobs;
  close(): Promise<void>;
}

/** The app-wide services, made once per server. */
export interface Services {
  users: UserService;
  tags: TagService;
  profileFields: ProfileFieldService;
  savedViews: SavedViewService;
  audit: AuditService;
  settings: AppSettingsService;
  activity: ActivityService;
  credentials: CredentialsService;
  passwordReset: PasswordResetService;
  userDeletion: UserDeletionService;
  bans: BanExpiry;
  outbox: WebhookOutbox;
  importJobs: ImportJobStore;
  csvExport: CsvExportService;
  bulkJobs: BulkJobService;
}

/** The API's schema: every resolver class, each given its services. */
export function createSchema(services: Services): Promise<GraphQLSchema> {
  return buildApiSchema(
    new Map<ResolverClass, () => object>([
      [UserResolver, () => new UserResolver(services.users)],
      [UserConnectionResolver, () => new UserConnectionResolver(services.users)],
      [TagResolver, () => new TagResolver(services.tags)],
      [ProfileFieldResolver, () => new ProfileFieldResolver(services.profileFields)],
      [SavedViewResolver, () => new SavedViewResolver(services.savedViews)],
      [ActivityResolver, () => new ActivityResolver(services.activity)],
      [AuditResolver, () => new AuditResolver(services.audit)],
      [AppSettingsResolver, () => new AppSettingsResolver(services.settings)],
      [CredentialsResolver, () => new CredentialsResolver(services.credentials)],
      [PasswordResetResolver, () => new PasswordResetResolver(services.passwordReset)],
      [UserDeletionResolver, () => new UserDeletionResolver(services.userDeletion)],
      [ImportJobResolver, () => new ImportJobResolver(services.importJobs)],
      [BulkJobResolver, () => new BulkJobResolver(services.bulkJobs)],
      [MeResolver, () => new MeResolver()],
    ]),
  );
}

export interface MaintenanceJobs {
  dispatchWebhooks(): Promise<void>;
  liftEndedBans(): Promise<number>;
  purge(): Promise<PurgeCounts>;
  /** Analyses the tables whose statistics lag, and vacuums those with many dead rows; returns what it did. */
  keepTablesFit(): Promise<TableUpkeep[]>;
  /** Folds the kept status counts' delta rows; returns the apps folded. */
  compactStatusCounts(): Promise<number>;
}

interface ServiceOptions {
  config: Config;
  clock: Clock;
  logger: Logger;
  lifecycle: LifecycleOptions;
  /** The server's own URL, known once it listens (for the default RESET_URL). */
  ownUrl: () => string;
  /** Where queued work goes. */
  runner: JobRunner;
}

export function createServices(
  db: Database,
  options: ServiceOptions,
): Services & { dispatcher: WebhookDispatcher | undefined; mailer: ResetMailer; bulkJobStore: BulkJobStore } {
  const { config, clock, logger, lifecycle } = options;
  const audit = new AuditService(db, clock);
  const dispatcher =
    config.webhookUrl && config.webhookSecret
      ? new WebhookDispatcher(db, clock, logger, { url: config.webhookUrl, secret: config.webhookSecret, ...lifecycle.webhooks })
      : undefined;
  const outbox = new WebhookOutbox(dispatcher !== undefined, clock, () => void dispatcher?.run());
  const passwords = new PasswordHasher();
  const bans = new BanExpiry(db, audit, outbox, clock);
  const profileFields = new ProfileFieldService(db, audit);
  const settings = new AppSettingsService(db, audit, clock);
  const activity = new ActivityService(db, settings, clock, config.activityRetentionDays);
  const mailer = new ResetMailer(config.smtpUrl, config.mailFrom, logger);
  const resetAttempts = lifecycle.resetAttempts ?? { limit: 10, windowMs: 15 * 60_000 };
  const importJobs = new ImportJobStore(db, clock);
  const tags = new TagService(db, audit, clock);
  const users = new UserService(db, profileFields, { audit, outbox, clock, passwords, bans });
  const bulkJobStore = new BulkJobStore(db);
  const userDeletion = new UserDeletionService(db, audit, outbox, [(tx, appId, emails) => importJobs.eraseRowsNaming(tx, appId, emails)]);
  return {
    audit,
    outbox,
    bans,
    profileFields,
    savedViews: new SavedViewService(db, audit, clock),
    settings,
    activity,
    tags,
    users,
    credentials: new CredentialsService(db, passwords, activity, bans, clock, lifecycle.lockout),
    passwordReset: new PasswordResetService(
      db,
      passwords,
      audit,
      outbox,
      mailer,
      new RateLimiter(db, clock),
      {
        perAddress: { name: 'reset-address', limit: resetAttempts.limit, windowMs: resetAttempts.windowMs },
        perToken: { name: 'reset-token', limit: resetAttempts.perToken ?? 5, windowMs: resetAttempts.windowMs },
      },
      clock,
      () => ({
        ttlSeconds: config.resetTokenTtlSeconds,
        resetUrl: config.resetUrl ?? `${options.ownUrl()}/reset-password?token=`,
        mailRequired: config.production,
      }),
    ),
    userDeletion,
    dispatcher,
    mailer,
    importJobs,
    csvExport: new CsvExportService(db, profileFields, bans),
    bulkJobs: new BulkJobService(db, bulkJobStore, users, tags, bans, audit, clock, () => options.runner.kick(BULK_QUEUE)),
    bulkJobStore,
  };
}

/** Wires the services, schema and HTTP app together and listens on `port`. */
export async function startServer(options: ServerOptions, port = options.config.port): Promise<RunningServer> {
  const { config, logger } = options;
  // Every statement counts against the request it runs for, so its log line says what it cost.
  const db = new Database(options.databaseUrl, config.dbPoolSize, {
    acquireTimeoutMs: config.dbAcquireTimeoutSeconds * 1000,
    onStatement: () => {
      const scope = currentRequest();
      if (scope) scope.sqlStatements += 1;
    },
  });
  const clock = options.clock ?? systemClock;
  const lifecycle = options.lifecycle ?? {};
  let ownUrl = `http://localhost:${port}`;
  // Everything the server does on its own: queued imports and bulk jobs, and the maintenance tasks.
  const runner = new JobRunner({ db, clock, logger });
  const { dispatcher, mailer, bulkJobStore, ...services } = createServices(db, { config, clock, logger, lifecycle, ownUrl: () => ownUrl, runner });
  runner.addQueue(
    importQueue({ db, store: services.importJobs, profileFields: services.profileFields, audit: services.audit, clock, logger, limits: config.importLimits }),
  );
  runner.addQueue(
    bulkQueue({
      db,
      store: bulkJobStore,
      users: services.users,
      tags: services.tags,
      deletion: services.userDeletion,
      outbox: services.outbox,
      clock,
      logger,
      batchSize: lifecycle.bulkBatchSize,
    }),
  );
  runner.setTasks(
    maintenanceTasks(
      {
        db,
        clock,
        logger,
        dispatcher,
        ...services,
        purgeJobs: async () => (await runner.purgeFinished(IMPORT_QUEUE)) + (await runner.purgeFinished(BULK_QUEUE)),
      },
      { ...DEFAULT_INTERVALS, ...(lifecycle.jobs || {}) },
    ),
  );
  const jobs: MaintenanceJobs = {
    dispatchWebhooks: () => runner.runNow('webhooks'),
    liftEndedBans: () => runner.runNow('bans'),
    purge: () => runner.runNow('purge'),
    keepTablesFit: () => runner.runNow('statistics'),
    compactStatusCounts: () => runner.runNow('counts'),
  };
  // Before the first request: reads rely on the schedule of ban ends to lift ended bans.
  const banEnds = new BanEndListener(options.databaseUrl, db, services.bans, logger);
  await banEnds.start();
  const tokens = new TokenService(options.jwtSecret, { maxLifetimeSeconds: config.authMaxTokenLifetimeSeconds });
  const schema = await createSchema(services);
  const app = await createApp({
    config,
    db,
    schema,
    tokens,
    logger,
    demoToken: options.demoToken,
    renewDemoToken: options.renewDemoToken,
    loaders: (principal) => ({ tag: createTagLoader(services.tags, principal?.appId ?? '') }),
    passwordReset: services.passwordReset,
    csv: {
      kickImports: () => runner.kick(IMPORT_QUEUE),
      profileFields: services.profileFields,
      importJobs: services.importJobs,
      csvExport: services.csvExport,
      audit: services.audit,
      clock,
    },
  });
  const server = http.createServer(app.handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  ownUrl = `http://localhost:${actualPort}`;
  // Queued imports always run (resuming any a stopped process left behind); the timers only unless turned off.
  await runner.start({ withTasks: lifecycle.jobs !== false });
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    db,
    services,
    tokens,
    jobs,
    close: () => {
      closing ??= (async () => {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await runner.stop();
        await banEnds.stop();
        mailer.close();
        await app.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
