import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../../src/db/embedded-postgres';
import { runMigrations } from '../../src/db/migrate';
import { freePort } from './free-port';

declare global {
  var testCluster: { cluster: EmbeddedCluster; dir: string } | undefined;
}

/**
 * The database every test file shares: DATABASE_URL when set (CI gives a
 * throwaway one), else a throwaway embedded cluster, never ./data. Migrations
 * run once here; test files keep apart by using apps of their own.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-manager-test-'));
    const port = await freePort();
    const cluster = await startEmbeddedPostgres({ dir, port, database: 'user_manager_test', throwaway: true });
    globalThis.testCluster = { cluster, dir };
    process.env.DATABASE_URL = cluster.url;
  }
  await runMigrations(process.env.DATABASE_URL);
}
