import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { notFound } from '../common/app-error';
import { isUuid, parseIds } from '../common/ids';
import type { Database, Queryable } from '../db/database';
import { MAX_BULK_USERS } from '../tags/tag.service';
import { holdAppUsersToDelete } from './app-users-lock';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

/** Something outside the users table that keeps users' personal values under their emails (failed import rows). */
export type PersonalDataEraser = (tx: Queryable, appId: string, emails: readonly string[]) => Promise<void>;

/**
 * Permanent delete, of one user or of many in the same few statements:
 * the user rows (and with them their tag links, which live on the row),
 * activity, reset tokens, sign-in failures kept under the emails, every
 * webhook about the users not yet sent or already sent (their bodies
 * describe the user), and what the erasers hold (failed import rows naming
 * the emails). Audit entries stay, with the personal values taken out of
 * their before and after, and one more entry per user records the delete by
 * user id alone. Afterwards an email can sign up again as a new user.
 */
export class UserDeletionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly outbox: WebhookOutbox,
    private readonly erasers: readonly PersonalDataEraser[] = [],
  ) {}

  async delete(actor: Actor, id: string): Promise<string> {
    if (!isUuid(id)) throw notFound('User', 'id');
    const userId = id.toLowerCase();
    const deleted = await this.db.transaction((tx) => this.deleteIn(tx, actor, [userId]));
    if (deleted === 0) throw notFound('User', 'id');
    this.outbox.notify();
    return userId;
  }

  /** Deletes the app's users among `ids` (others are skipped); returns how many. */
  async deleteMany(actor: Actor, idsInput: readonly string[]): Promise<number> {
    const ids = parseIds('ids', idsInput, MAX_BULK_USERS);
    if (ids.length === 0) return 0;
    const deleted = await this.db.transaction((tx) => this.deleteIn(tx, actor, ids));
    if (deleted > 0) this.outbox.notify();
    return deleted;
  }

  /**
   * Deletes the app's users among `ids` in the caller's transaction (a bulk
   * job's batch); returns how many. The caller notifies the outbox once it
   * has committed.
   */
  async deleteIn(tx: Queryable, actor: Actor, ids: readonly string[]): Promise<number> {
    const { appId } = actor;
    // Before the users' own locks: a batch of their activity either commits first (and its events go below) or finds them gone.
    await holdAppUsersToDelete(tx, appId);
    const users = await tx.query<{ id: string; email: string }>(
      'SELECT id, email FROM users WHERE app_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
      [appId, ids],
    );
    if (users.length === 0) return 0;
    const userIds = users.map((user) => user.id);
    const emails = users.map((user) => user.email);
    await tx.execute('DELETE FROM activity_events WHERE user_id = ANY($1::uuid[])', [userIds]);
    await tx.execute('DELETE FROM password_reset_tokens WHERE user_id = ANY($1::uuid[])', [userIds]);
    await tx.execute('DELETE FROM sign_in_failures WHERE app_id = $1 AND email = ANY($2::text[])', [appId, emails]);
    await tx.execute('DELETE FROM webhook_outbox WHERE app_id = $1 AND user_id = ANY($2::uuid[])', [appId, userIds]);
    for (const erase of this.erasers) await erase(tx, appId, emails);
    await this.audit.erasePersonalData(tx, appId, userIds);
    await this.audit.record(
      tx,
      actor,
      userIds.map((userId) => ({ action: 'user.deleted', targetUserId: userId, details: {} })),
    );
    await this.outbox.enqueue(
      tx,
      appId,
      userIds.map((userId) => ({ type: 'user.deleted' as const, userId })),
    );
    await tx.execute('DELETE FROM users WHERE app_id = $1 AND id = ANY($2::uuid[])', [appId, userIds]);
    return users.length;
  }
}
