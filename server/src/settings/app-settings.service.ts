import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { Clock } from '../common/clock';
import type { Database, Queryable } from '../db/database';
import type { AppSettings, AppSettingsInput } from './dto/app-settings.type';

/** An app with no row has the defaults: activity history on. */
const DEFAULTS: AppSettings = { activityHistory: true };

/** Per-app settings, one row per app that changed any. */
export class AppSettingsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(appId: string, db: Queryable = this.db): Promise<AppSettings> {
    const [row] = await db.query<AppSettings>('SELECT activity_history AS "activityHistory" FROM app_settings WHERE app_id = $1', [appId]);
    return row ?? { ...DEFAULTS };
  }

  async update(actor: Actor, input: AppSettingsInput): Promise<AppSettings> {
    return this.db.transaction(async (tx) => {
      // Locks the app's row (made if missing) so concurrent changes each see the other's result.
      await tx.execute('INSERT INTO app_settings (app_id) VALUES ($1) ON CONFLICT (app_id) DO NOTHING', [actor.appId]);
      const [before] = await tx.query<AppSettings>('SELECT activity_history AS "activityHistory" FROM app_settings WHERE app_id = $1 FOR UPDATE', [
        actor.appId,
      ]);
      const [after] = await tx.query<AppSettings>(
        `UPDATE app_settings SET activity_history = coalesce($2, activity_history), updated_at = $3
          WHERE app_id = $1 RETURNING activity_history AS "activityHistory"`,
        [actor.appId, input.activityHistory ?? null, this.clock.now()],
      );
      await this.audit.record(tx, actor, [{ action: 'settings.updated', details: { before, after } }]);
      return after!;
    });
  }
}
