import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import { notFound } from '../common/app-error';
import { isUuid } from '../common/ids';
import type { Database } from '../db/database';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

/**
 * Permanent delete, in one transaction: the user row (and with it its tag
 * links, which live on the row), activity, reset tokens, sign-in failures
 * kept under the email, every webhook about the user not yet sent or
 * already sent (their bodies describe the user), and failed import rows that
 * hold the email. Audit entries stay, with
 * the personal values taken out of their before and after, and one more
 * entry records the delete by user id alone. Afterwards the email can sign
 * up again as a new user.
 */
export class UserDeletionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly outbox: WebhookOutbox,
  ) {}

  async delete(actor: Actor, id: string): Promise<string> {
    const { appId } = actor;
    if (!isUuid(id)) throw notFound('User', 'id');
    const userId = id.toLowerCase();
    const deleted = await this.db.transaction(async (tx) => {
      const [user] = await tx.query<{ email: string }>('SELECT email FROM users WHERE app_id = $1 AND id = $2 FOR UPDATE', [appId, userId]);
      if (!user) throw notFound('User', 'id');
      await tx.execute('DELETE FROM activity_events WHERE user_id = $1', [userId]);
      await tx.execute('DELETE FROM password_reset_tokens WHERE user_id = $1', [userId]);
      await tx.execute('DELETE FROM sign_in_failures WHERE app_id = $1 AND email = $2', [appId, user.email]);
      await tx.execute('DELETE FROM webhook_outbox WHERE app_id = $1 AND user_id = $2', [appId, userId]);
      // Failed import rows are kept for their error report; those naming the email go with the user.
      await tx.execute(`DELETE FROM import_job_errors WHERE app_id = $1 AND strpos(lower(cells::text || ' ' || problems::text), $2) > 0`, [appId, user.email]);
      await this.audit.erasePersonalData(tx, appId, userId);
      await this.audit.record(tx, actor, [{ action: 'user.deleted', targetUserId: userId, details: {} }]);
      await this.outbox.enqueue(tx, appId, [{ type: 'user.deleted', userId }]);
      await tx.execute('DELETE FROM users WHERE app_id = $1 AND id = $2', [appId, userId]);
      return userId;
    });
    this.outbox.notify();
    return deleted;
  }
}
