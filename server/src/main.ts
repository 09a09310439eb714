import 'reflect-metadata';
import pino from 'pino';
import { developmentSecret } from './auth/development-secret';
import { TokenService } from './auth/token-service';
import { ConfigError, loadConfig } from './config/config';
import { Database } from './db/database';
import { DEMO_APP, seedDemoIfEmpty } from './db/demo-seed';
import { type EmbeddedCluster, startEmbeddedPostgres } from './db/embedded-postgres';
import { runMigrations } from './db/migrate';
import { limitHeapGrowth } from './common/heap-growth';
import { startServer } from './server';

const DEVELOPMENT_TOKEN_LIFETIME = '30d';
/** The demo page's token: short, since any page this browser opens could try to use it; the page renews it. */
const DEMO_PAGE_TOKEN_LIFETIME = '1h';

let embedded: EmbeddedCluster | undefined;

async function main(): Promise<void> {
  limitHeapGrowth();
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dir: config.dataDir,
      port: config.embeddedDbPort,
      database: 'user_manager',
      log: (message) => logger.info(message),
    });
    databaseUrl = embedded.url;
    logger.info({ dir: config.dataDir, port: config.embeddedDbPort }, 'embedded PostgreSQL is running');
  }

  const applied = await runMigrations(databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');

  const jwtSecret = config.jwtSecret ?? developmentSecret(config.dataDir);
  if (config.env === 'development') {
    const seedDb = new Database(databaseUrl, 2);
    const seeded = await seedDemoIfEmpty(seedDb).finally(() => seedDb.close());
    if (seeded > 0) logger.info({ app: DEMO_APP, users: seeded }, 'seeded the demo app');
  }

  // The demo page gets a token of an hour, and renews it itself; the terminal gets one of 30 days for curl.
  const signDemo = (lifetime: string) => new TokenService(jwtSecret).sign({ subject: 'developer', appId: DEMO_APP, role: 'admin' }, lifetime);
  const demoToken = config.production ? undefined : await signDemo(DEVELOPMENT_TOKEN_LIFETIME);
  const server = await startServer({
    config,
    databaseUrl,
    jwtSecret,
    logger,
    ...(config.production ? {} : { demoToken: await signDemo(DEMO_PAGE_TOKEN_LIFETIME), renewDemoToken: () => signDemo(DEMO_PAGE_TOKEN_LIFETIME) }),
  });
  logger.info({ url: server.url, env: config.env }, 'listening');

  const lines = [`User Manager is running at ${server.url}`, `  GraphQL endpoint: ${server.url}/graphql`];
  if (demoToken) {
    lines.push(`  Demo page (the <user-manager> element): ${server.url}/`);
    lines.push(`  Admin token for the "${DEMO_APP}" app (30 days):`, `  ${demoToken}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.close().catch((error) => logger.error({ err: error }, 'error while closing the server'));
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch(async (error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
