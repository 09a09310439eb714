import { execFileSync } from 'node:child_process';
import path from 'node:path';
import serverGlobalSetup from '../../../server/test/support/global-setup';

/**
 * Builds the bundle the tests load (as `npm start` does), then gives the
 * tests the shared migrated database. When the server project ran first the
 * database exists already and is reused.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build.js'), '--quiet'], { stdio: 'inherit' });
  await serverGlobalSetup();
}
