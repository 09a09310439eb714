import { hash, type Options, verify } from '@node-rs/argon2';
import { badInput } from '../common/app-error';

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;

/**
 * OWASP's Argon2id choice: 19 MiB of memory, 2 passes, 1 lane. The binding's
 * Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
 */
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A new password's length rule, counted in characters (code points), as people count them. */
export function newPassword(field: string, password: string): string {
  const length = [...password].length;
  if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
    throw badInput(field, `${field} must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long`);
  }
  return password;
}

/**
 * Argon2id hashing off the event loop (the binding runs it on libuv's
 * threads). `verifyOrWaste` always does one full verification, against a
 * throwaway hash when there is no real one, so an unknown email costs what a
 * wrong password does.
 */
export class PasswordHasher {
  private readonly decoy: Promise<string>;

  constructor() {
    this.decoy = hash('decoy password that no account has', ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verifyOrWaste(storedHash: string | null | undefined, password: string): Promise<boolean> {
    const target = storedHash ?? (await this.decoy);
    let matches: boolean;
    try {
      matches = await verify(target, password);
    } catch {
      matches = false;
    }
    return matches && storedHash !== null && storedHash !== undefined;
  }
}
