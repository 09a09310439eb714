import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import { AppError, ErrorCode, notFound } from '../common/app-error';
import type { Clock } from '../common/clock';
import { isUuid } from '../common/ids';
import { newPassword, type PasswordHasher } from '../passwords/password-hasher';
import type { Database } from '../db/database';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';
import { type PasswordResetResult, ResetDelivery } from './dto/password-reset.type';
import type { RateLimit, RateLimiter } from './rate-limiter';
import type { ResetMailer } from './reset-mailer';

const TOKEN_BYTES = 32;
/** A token as it travels: 32 bytes in base64url are 43 characters. */
const TOKEN_TEXT = /^[A-Za-z0-9_-]{43}$/;

const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

export const invalidResetToken = (): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, 'This reset link is not valid: it may have been used or have expired. Ask for a new one.', 'token');

/** How many completion attempts a client address, and one reset link, may make in a window. */
export interface ResetLimits {
  perAddress: RateLimit;
  perToken: RateLimit;
}

export interface ResetSettings {
  ttlSeconds: number;
  /** The link a token is appended to. */
  resetUrl: string;
  /** In production mail must really go out; elsewhere the log stands in for a mail server. */
  mailRequired: boolean;
}

/**
 * Password resets. A token is 32 random bytes; only its SHA-256 is stored,
 * so the table cannot be used to reset anything. A token works once, until
 * it expires, and only while it is the user's newest.
 */
export class PasswordResetService {
  constructor(
    private readonly db: Database,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly outbox: WebhookOutbox,
    private readonly mailer: ResetMailer,
    private readonly limiter: RateLimiter,
    private readonly limits: ResetLimits,
    private readonly clock: Clock,
    private readonly settings: () => ResetSettings,
  ) {}

  async send(actor: Actor, userId: string, delivery: ResetDelivery): Promise<PasswordResetResult> {
    if (!isUuid(userId)) throw notFound('User', 'userId');
    const { ttlSeconds, resetUrl: base, mailRequired } = this.settings();
    if (delivery === ResetDelivery.EMAIL && !this.mailer.configured && mailRequired) {
      throw new AppError(ErrorCode.FEATURE_DISABLED, 'Password reset by email needs SMTP_URL on the server; use LINK');
    }
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    const resetUrl = `${base}${token}`;
    return this.db.transaction(async (tx) => {
      const [user] = await tx.query<{ email: string }>('SELECT email FROM users WHERE app_id = $1 AND id = $2 FOR UPDATE', [actor.appId, userId]);
      if (!user) throw notFound('User', 'userId');
      await tx.execute('DELETE FROM password_reset_tokens WHERE user_id = $1', [userId]);
      await tx.execute(`INSERT INTO password_reset_tokens (app_id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        actor.appId,
        userId,
        tokenHash(token),
        expiresAt,
        now,
      ]);
      await this.audit.record(tx, actor, [{ action: 'password.reset_sent', targetUserId: userId, details: { delivery, expiresAt } }]);
      if (delivery === ResetDelivery.EMAIL) {
        // Sent before commit: a mail server that refuses leaves no token behind.
        try {
          await this.mailer.send({ to: user.email, resetUrl, expiresAt, ttlMinutes: Math.round(ttlSeconds / 60) });
        } catch {
          throw new AppError(ErrorCode.DELIVERY_FAILED, 'The mail server did not take the reset message; nothing was changed');
        }
        return { delivery, expiresAt, resetUrl: null };
      }
      return { delivery, expiresAt, resetUrl };
    });
  }

  /**
   * Sets a new password with a token. Every token problem (malformed,
   * unknown, used, expired, replaced) gives the same error; each attempt
   * counts against the client address and against the token, so a client
   * with many addresses cannot try one link without end either.
   */
  async complete(clientAddress: string, token: string, password: string): Promise<void> {
    const over = await this.limiter.take([
      { limit: this.limits.perAddress, key: clientAddress },
      { limit: this.limits.perToken, key: tokenHash(token).toString('hex') },
    ]);
    if (over) {
      const source = over.limit === this.limits.perToken ? 'with this reset link' : 'from this address';
      throw new AppError(ErrorCode.RATE_LIMITED, `Too many reset attempts ${source}; try again in ${Math.ceil(over.waitMs / 60_000)} minutes`);
    }
    if (!TOKEN_TEXT.test(token)) throw invalidResetToken();
    const chosen = newPassword('newPassword', password);
    const now = this.clock.now();
    const [candidate] = await this.db.query<{ id: string }>(
      'SELECT id FROM password_reset_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2',
      [tokenHash(token), now],
    );
    if (!candidate) throw invalidResetToken();
    const passwordHash = await this.passwords.hash(chosen);
    await this.db.transaction(async (tx) => {
      // Claimed under lock: of two concurrent uses, one wins.
      const [claimed] = await tx.query<{ appId: string; userId: string }>(
        `UPDATE password_reset_tokens SET used_at = $3
          WHERE id = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING app_id AS "appId", user_id AS "userId"`,
        [candidate.id, now, now],
      );
      if (!claimed) throw invalidResetToken();
      await tx.execute('UPDATE users SET password_hash = $3, updated_at = $4 WHERE app_id = $1 AND id = $2', [
        claimed.appId,
        claimed.userId,
        passwordHash,
        now,
      ]);
      // A new password also clears a sign-in lockout of the account.
      await tx.execute('DELETE FROM sign_in_failures WHERE app_id = $1 AND email = (SELECT email FROM users WHERE id = $2)', [claimed.appId, claimed.userId]);
      await this.audit.record(tx, { appId: claimed.appId, subject: 'reset-link', role: 'public' }, [
        { action: 'password.reset_completed', targetUserId: claimed.userId, details: {} },
      ]);
      await this.outbox.enqueue(tx, claimed.appId, [{ type: 'user.password_reset', userId: claimed.userId }]);
    });
    this.outbox.notify();
  }

  /** Drops tokens that can no longer be used, and the attempt counts of windows that ended. */
  async purgeSpent(): Promise<number> {
    await this.limiter.purgeEnded(Math.max(this.limits.perAddress.windowMs, this.limits.perToken.windowMs));
    return this.db.execute('DELETE FROM password_reset_tokens WHERE used_at IS NOT NULL OR expires_at <= $1', [this.clock.now()]);
  }
}
