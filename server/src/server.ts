import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { Logger } from 'pino';
import { TokenService } from './auth/token-service';
import type { Config } from './config/config';
import { CsvExportService } from './csv/csv-export.service';
import { ImportJobService } from './csv/import-job.service';
import { ImportRunner } from './csv/import-runner';
import { Database } from './db/database';
import { createSchema, type Services } from './graphql/schema';
import { createApp } from './http/app';
import { ProfileFieldService } from './profile-fields/profile-field.service';
import { TagService } from './tags/tag.service';
import { UserService } from './users/user.service';

export interface ServerOptions {
  config: Config;
  /** The migrated database to serve. */
  databaseUrl: string;
  jwtSecret: string;
  logger: Logger;
  /** Outside production: the token the demo page at / embeds. */
  demoToken?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  services: Services;
  tokens: TokenService;
  close(): Promise<void>;
}

export function createServices(db: Database): Services {
  const profileFields = new ProfileFieldService(db);
  return {
    profileFields,
    tags: new TagService(db),
    users: new UserService(db, profileFields),
    importJobs: new ImportJobService(db),
    csvExport: new CsvExportService(db, profileFields),
  };
}

/** Wires the services, schema and HTTP app together and listens on `port`. */
export async function startServer(options: ServerOptions, port = options.config.port): Promise<RunningServer> {
  const { config, logger } = options;
  const db = new Database(options.databaseUrl, config.dbPoolSize);
  const services = createServices(db);
  const tokens = new TokenService(options.jwtSecret);
  const schema = await createSchema(services);
  // Runs CSV import jobs in the background, resuming any a stopped process left behind.
  const importRunner = new ImportRunner(db, services.profileFields, { databaseUrl: options.databaseUrl, logger });
  const app = await createApp({ config, db, services, schema, tokens, logger, importRunner, demoToken: options.demoToken });
  const server = http.createServer(app.handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  importRunner.start();
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    db,
    services,
    tokens,
    close: () => {
      closing ??= (async () => {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await importRunner.stop();
        await app.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
