import type { ActivityService } from '../activity/activity.service';
import type { BanExpiry } from '../bans/ban-expiry';
import { AppError, ErrorCode } from '../common/app-error';
import type { Clock } from '../common/clock';
import type { Database } from '../db/database';
import { type User, UserStatus } from '../users/dto/user.type';
import { holdAppUsers } from '../users/app-users-lock';
import { USER_COLUMNS } from '../users/user-row';
import { emailProblem, normaliseEmail } from '../users/user-rules';
import type { PasswordHasher } from '../passwords/password-hasher';

export interface LockoutPolicy {
  /** Failures within the window that lock the email. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

const MAX_PASSWORD_INPUT = 1024;

export const invalidCredentials = (): AppError => new AppError(ErrorCode.INVALID_CREDENTIALS, 'The email or password is not right');

/**
 * The host app's sign-in check. Every refusal that is not a ban is the same
 * INVALID_CREDENTIALS after the same Argon2id work: an unknown email, a user
 * without a password, a locked email and a wrong password cannot be told
 * apart by the answer or by its time. A ban is only revealed to someone who
 * knows the password. Failures are counted per app and email in the database,
 * so the lockout holds across restarts and servers.
 */
export class CredentialsService {
  constructor(
    private readonly db: Database,
    private readonly passwords: PasswordHasher,
    private readonly activity: ActivityService,
    private readonly bans: BanExpiry,
    private readonly clock: Clock,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  async verify(appId: string, emailInput: string, password: string): Promise<User> {
    const email = normaliseEmail(emailInput);
    // Malformed input still costs one verification, like everything refused.
    const wellFormed = emailProblem(email) === undefined && password.length <= MAX_PASSWORD_INPUT;
    const now = this.clock.now();
    const [account] = wellFormed
      ? await this.db.query<{ id: string; passwordHash: string | null; locked: boolean }>(
          `SELECT users.id, users.password_hash AS "passwordHash",
                  coalesce((SELECT locked_until > $3 FROM sign_in_failures f WHERE f.app_id = $1 AND f.email = $2), false) AS locked
             FROM (SELECT 1) AS one LEFT JOIN users ON users.app_id = $1 AND users.email = $2`,
          [appId, email, now],
        )
      : [];
    const matches = await this.passwords.verifyOrWaste(account?.passwordHash, password.slice(0, MAX_PASSWORD_INPUT));
    if (!account || account.locked || !matches || !account.id) {
      if (wellFormed && !account?.locked) await this.countFailure(appId, email);
      throw invalidCredentials();
    }
    return this.db.transaction(async (tx) => {
      // The sign-in's LOGIN event names the user: the app's users lock comes before the user's own row lock (a lifted ban).
      await holdAppUsers(tx, appId);
      await this.bans.lift(tx, appId, account.id);
      const [user] = await tx.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE app_id = $1 AND id = $2`, [appId, account.id]);
      if (!user) throw invalidCredentials();
      await tx.execute('DELETE FROM sign_in_failures WHERE app_id = $1 AND email = $2', [appId, email]);
      if (user.status === UserStatus.BANNED) {
        throw new AppError(
          ErrorCode.USER_BANNED,
          user.bannedUntil ? `This account is banned until ${user.bannedUntil.toISOString()}` : 'This account is banned',
        );
      }
      const at = this.clock.now();
      await this.activity.recordLogin(tx, appId, user.id, at);
      return { ...user, lastAccessAt: at };
    });
  }

  /** One more failure for the email; the one that reaches the limit locks it. */
  private async countFailure(appId: string, email: string): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.lockout.windowMs);
    const lockedUntil = new Date(now.getTime() + this.lockout.lockMs);
    await this.db.execute(
      `INSERT INTO sign_in_failures AS f (app_id, email, failures, window_started_at)
       VALUES ($1, $2, 1, $3)
       ON CONFLICT (app_id, email) DO UPDATE SET
         failures = CASE WHEN f.window_started_at < $4 THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at < $4 THEN $3 ELSE f.window_started_at END,
         locked_until = CASE WHEN f.window_started_at >= $4 AND f.failures + 1 >= $5 THEN $6::timestamptz ELSE f.locked_until END`,
      [appId, email, now, windowStart, this.lockout.maxFailures, lockedUntil],
    );
  }

  /** Forgets failures whose window and lock have both passed. */
  async purgeStaleFailures(): Promise<number> {
    const now = this.clock.now();
    return this.db.execute(`DELETE FROM sign_in_failures WHERE window_started_at < $1 AND (locked_until IS NULL OR locked_until < $2)`, [
      new Date(now.getTime() - this.lockout.windowMs),
      now,
    ]);
  }
}
