import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Outside production, with no AUTH_JWT_SECRET, a secret is generated once and
 * kept beside the embedded data, so a printed token keeps working across restarts.
 */
export function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'development-jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not made yet.
  }
  const secret = randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
