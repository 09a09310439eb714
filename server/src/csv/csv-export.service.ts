import type { Writable } from 'node:stream';
import type { Database } from '../db/database';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import type { UserFilter } from '../users/dto/user-filter.input';
import type { BanSchedule } from '../users/ban-schedule';
import { filterConditions, parseUserFilter } from '../users/user-filter';
import { SqlParameters } from '../db/sql-parameters';
import { lastAccessValue } from '../users/user-row';
import { USER_COLUMNS } from './import-columns';

export const EXPORT_COLUMNS = ['id', ...USER_COLUMNS, 'last_access_at'] as const;
const SAFE_KEY = /^[a-z][a-z0-9_]*$/;
const BOM = '\uFEFF';

/**
 * A timestamp as ISO 8601 in UTC with the precision it has
 * (2024-03-01T09:30:00Z, 2024-03-01T09:30:00.123456Z): Postgres's own ISO
 * output in UTC, reshaped, at half the cost of to_char.
 */
const isoTime = (column: string) => `replace(left(${column}::text, -3), ' ', 'T') || 'Z'`;

/**
 * Streams an app's users as CSV straight out of Postgres: one COPY of a query
 * that joins tag names, escapes formula cells and formats dates, piped to the
 * response with back-pressure, so memory stays flat at any size. COPY takes
 * no bind parameters, so the filter's values travel as transaction-local
 * settings (set_config with bound values) that the query reads back.
 */
export class CsvExportService {
  constructor(
    private readonly db: Database,
    private readonly profileFields: ProfileFieldService,
    private readonly bans: BanSchedule,
  ) {}

  /** Checks the filter (throws a BAD_USER_INPUT naming the field) before anything is sent. */
  async prepare(appId: string, filter: UserFilter | null): Promise<{ header: string[]; run(out: Writable): Promise<number> }> {
    const parsed = parseUserFilter(filter);
    // Every row shows its status, so bans that have ended are lifted first, as for any read of status.
    await this.bans.liftIfDue(this.db, appId);
    const fields = await this.profileFields.list(appId);
    const keys = fields.map((field) => field.key).filter((key) => SAFE_KEY.test(key));
    const params = new SqlParameters();
    const conditions = filterConditions(appId, parsed, params);
    const settings = params.values.map(setting);
    const where = conditions.join(' AND ').replace(/\$(\d+)/g, (_, index: string) => {
      const { type } = settings[Number(index) - 1]!;
      return `current_setting('um.export_${index}')::${type}`;
    });
    const sql = `COPY (
      WITH tag_names AS (
        SELECT coalesce(jsonb_object_agg(id, name), '{}'::jsonb) AS names FROM tags WHERE app_id = current_setting('um.export_1')
      )
      SELECT id, public.um_csv_cell(email), public.um_csv_cell(name), status,
             public.um_csv_cell((SELECT string_agg(tag_names.names ->> tag::text, ';') FROM unnest(tag_ids) AS tag)),
             ${isoTime('signed_up_at')}, ${isoTime(lastAccessValue('last_access'))}
             ${keys.map((key) => `, public.um_csv_cell(profile ->> '${key}')`).join('')}
        FROM users JOIN user_last_access AS last_access ON last_access.user_id = users.id, tag_names
       WHERE ${where}
       ORDER BY users.email
    ) TO STDOUT WITH (FORMAT csv)`;

    return {
      header: [...EXPORT_COLUMNS, ...keys],
      run: (out: Writable) =>
        this.db.transaction(
          async (tx) => {
            // isoTime reads the ISO output of timestamps in UTC.
            await tx.execute(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO'`);
            if (settings.length > 0) {
              await tx.query(
                `SELECT ${settings.map((_, index) => `set_config('um.export_${index + 1}', $${index + 1}, true)`).join(', ')}`,
                settings.map((entry) => entry.text),
              );
            }
            out.write(`${BOM}${[...EXPORT_COLUMNS, ...keys].join(',')}\n`);
            return tx.copyOut(sql, out);
          },
          // Once: what was written to the client cannot be taken back.
          { readOnly: true, attempts: 1 },
        ),
    };
  }
}

/** A bound value as setting text and the type to read it back as. */
function setting(value: unknown): { text: string; type: string } {
  if (value instanceof Date) return { text: value.toISOString(), type: 'timestamptz' };
  if (Array.isArray(value)) return { text: `{${value.map((item) => JSON.stringify(String(item))).join(',')}}`, type: 'text[]' };
  if (typeof value === 'number') return { text: String(value), type: 'numeric' };
  return { text: String(value), type: 'text' };
}
