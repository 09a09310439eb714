import { developmentSecret } from '../auth/development-secret';
import { isRole, ROLES } from '../auth/roles';
import { TokenService } from '../auth/token-service';
import { ConfigError, loadConfig } from '../config/config';

/**
 * Prints a signed token, as a host app's backend would make one:
 *   npm run token -- <app> <role> [lifetime, e.g. 1h or 30d]
 * It signs with AUTH_JWT_SECRET, or outside production with the development
 * secret `npm start` keeps in DATA_DIR.
 */
async function main(): Promise<void> {
  const [appId, role, lifetime = '1h'] = process.argv.slice(2);
  if (!appId || !isRole(role)) {
    process.stderr.write(`Usage: npm run token -- <app> <${ROLES.join('|')}> [lifetime, e.g. 1h]\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const secret = config.jwtSecret ?? developmentSecret(config.dataDir);
  const token = await new TokenService(secret).sign({ subject: 'cli', appId, role }, lifetime);
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
