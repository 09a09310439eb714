import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { TAG_PALETTE } from '../tags/tag-rules';
import { copyValue } from './csv-cells';
import { ImportMode } from './dto/import-job.type';
import type { RowProblem, UserRow } from './import-row';

/** A checked row of a batch: its values, or what is wrong with it. */
export interface BatchRow {
  row: number;
  cells: string[];
  user?: UserRow;
  problems?: RowProblem[];
}

export interface BatchTotals {
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface BatchJob {
  id: string;
  appId: string;
  mode: ImportMode;
  fields: readonly ProfileField[];
}

/**
 * Writes one batch of checked rows in one transaction on the job's own
 * connection: COPY into a staging table, missing tags created by name, one
 * INSERT … ON CONFLICT DO NOTHING for new users and one UPDATE … FROM for
 * existing ones that only touches rows whose values differ, the row errors,
 * and the job's progress. Rows and progress commit together, so a job that
 * dies mid-batch resumes exactly after the last committed row.
 */
export class ImportWriter {
  private prepared = false;

  constructor(private readonly client: pg.ClientBase) {}

  async write(job: BatchJob, rows: readonly BatchRow[], lastRow: number): Promise<BatchTotals> {
    await this.prepare();
    const good = rows.filter((row): row is BatchRow & { user: UserRow } => row.user !== undefined);
    const problems = new Map<number, RowProblem[]>();
    for (const row of rows) if (row.problems) problems.set(row.row, row.problems);

    await this.client.query('BEGIN');
    try {
      const totals = { processed: rows.length, created: 0, updated: 0, unchanged: 0, failed: 0 };
      if (good.length > 0) {
        await this.copy('COPY import_staging (row_number, email, name, status, tags, tag_count, signed_up_at, profile) FROM STDIN', good.map(stagingLine));
        await this.client.query('ANALYZE import_staging');
        const refused = await this.refuseRows(job);
        for (const [row, problem] of refused) problems.set(row, [problem]);
        const staged = good.length - refused.length;
        const written = await this.merge(job);
        for (const row of written.refused) problems.set(row, [EXISTS_IN_INSERT_MODE]);
        totals.created = written.created;
        totals.updated = written.updated;
        totals.unchanged = staged - written.created - written.updated - written.refused.length;
      }
      totals.failed = problems.size;
      if (problems.size > 0) {
        const cellsOf = new Map(rows.map((row) => [row.row, row.cells]));
        const lines = [...problems].map(([row, list]) =>
          [job.id, job.appId, String(row), JSON.stringify(list), JSON.stringify(cellsOf.get(row) ?? [])].map(copyValue).join('\t'),
        );
        await this.copy('COPY import_job_errors (job_id, app_id, row_number, problems, cells) FROM STDIN', lines);
      }
      await this.client.query(
        `UPDATE import_jobs
            SET processed_rows = processed_rows + $2, created = created + $3, updated = updated + $4,
                unchanged = unchanged + $5, failed = failed + $6, last_row = $7, progress_at = now()
          WHERE id = $1`,
        [job.id, totals.processed, totals.created, totals.updated, totals.unchanged, totals.failed, lastRow],
      );
      await this.client.query('COMMIT');
      return totals;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** The staging table lives as long as the job's connection and empties at every commit. */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await this.client.query(`
      CREATE TEMP TABLE IF NOT EXISTS import_staging (
        row_number integer NOT NULL,
        email text NOT NULL,
        name text,
        status text,
        tags text,
        tag_count integer NOT NULL,
        signed_up_at timestamptz,
        profile jsonb NOT NULL,
        tag_ids uuid[] NOT NULL DEFAULT '{}',
        created boolean NOT NULL DEFAULT false
      ) ON COMMIT DELETE ROWS`);
    this.prepared = true;
  }

  private async copy(sql: string, lines: string[]): Promise<void> {
    const text = `${lines.join('\n')}\n`;
    await pipeline(Readable.from([text]), this.client.query(copyFrom(sql)));
  }

  /**
   * Rows that can only be judged against the database, taken out of staging:
   * in insert mode an email that exists; a new user without a required field.
   */
  private async refuseRows(job: BatchJob): Promise<Array<[number, RowProblem]>> {
    const refused: Array<[number, RowProblem]> = [];
    if (job.mode === ImportMode.INSERT) {
      const { rows } = await this.client.query<{ row: number }>(
        `DELETE FROM import_staging s USING users u
          WHERE u.app_id = $1 AND u.email = s.email RETURNING s.row_number AS row`,
        [job.appId],
      );
      for (const { row } of rows) {
        refused.push([row, EXISTS_IN_INSERT_MODE]);
      }
    }
    const required = job.fields.filter((field) => field.required);
    if (required.length > 0) {
      const { rows } = await this.client.query<{ row: number; missing: string[] }>(
        `WITH missing AS (
           SELECT s.row_number FROM import_staging s
            WHERE NOT s.profile ?& $2::text[]
              AND NOT EXISTS (SELECT 1 FROM users u WHERE u.app_id = $1 AND u.email = s.email)
         )
         DELETE FROM import_staging s USING missing WHERE s.row_number = missing.row_number
         RETURNING s.row_number AS row, ARRAY(SELECT key FROM unnest($2::text[]) AS key WHERE NOT s.profile ? key) AS missing`,
        [job.appId, required.map((field) => field.key)],
      );
      const labels = new Map(required.map((field) => [field.key, field.label]));
      for (const { row, missing } of rows) {
        const key = missing[0]!;
        refused.push([row, { column: key, message: `${labels.get(key)} (${key}) is required for a new user` }]);
      }
    }
    return refused;
  }

  private async merge(job: BatchJob): Promise<{ created: number; updated: number; refused: number[] }> {
    if (job.mode === ImportMode.DRY_RUN) return this.countChanges(job);
    await this.resolveTags(job);
    const created = await this.client.query(
      `WITH inserted AS (
         INSERT INTO users (app_id, email, name, status, profile, tag_ids, signed_up_at, banned_at)
         SELECT $1, s.email, s.name, coalesce(s.status, 'ACTIVE'), s.profile, s.tag_ids,
                coalesce(s.signed_up_at, now()), CASE WHEN s.status = 'BANNED' THEN now() END
           FROM import_staging s
         ON CONFLICT (app_id, email) DO NOTHING
         RETURNING email
       )
       UPDATE import_staging s SET created = true FROM inserted WHERE s.email = inserted.email`,
      [job.appId],
    );
    if (job.mode === ImportMode.INSERT) {
      // Another writer added one of these emails since the check above.
      const { rows } = await this.client.query<{ row: number }>('SELECT row_number AS row FROM import_staging WHERE NOT created');
      return { created: created.rowCount ?? 0, updated: 0, refused: rows.map((row) => row.row) };
    }
    const updated = await this.client.query(
      `UPDATE users u SET
         name = coalesce(s.name, u.name),
         status = coalesce(s.status, u.status),
         banned_at = CASE WHEN coalesce(s.status, u.status) = 'BANNED' THEN coalesce(u.banned_at, now()) END,
         ban_reason = CASE WHEN coalesce(s.status, u.status) = 'BANNED' THEN u.ban_reason END,
         profile = u.profile || s.profile,
         tag_ids = u.tag_ids || ARRAY(SELECT tag FROM unnest(s.tag_ids) AS tag WHERE tag <> ALL (u.tag_ids)),
         signed_up_at = coalesce(s.signed_up_at, u.signed_up_at),
         updated_at = now()
       FROM import_staging s
       WHERE NOT s.created AND u.app_id = $1 AND u.email = s.email
         AND ${CHANGED}`,
      [job.appId],
    );
    return { created: created.rowCount ?? 0, updated: updated.rowCount ?? 0, refused: [] };
  }

  /** Tags named in the batch that the app lacks are created (first spelling wins), then every name becomes an id. */
  private async resolveTags(job: BatchJob): Promise<void> {
    await this.client.query(
      `INSERT INTO tags (app_id, name, color)
       SELECT $1, wanted.tag_name, ($2::text[])[1 + (existing.count + wanted.position) % cardinality($2::text[])]
         FROM (SELECT tag_name, row_number() OVER (ORDER BY first_row, tag_name) AS position
                 FROM (SELECT DISTINCT ON (lower(named.tag_name)) named.tag_name, s.row_number AS first_row
                         FROM import_staging s, unnest(string_to_array(s.tags, ';')) AS named(tag_name)
                        ORDER BY lower(named.tag_name), s.row_number) AS first_spelling
                WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.app_id = $1 AND lower(t.name) = lower(first_spelling.tag_name))) AS wanted,
              (SELECT count(*) AS count FROM tags WHERE app_id = $1) AS existing
       ON CONFLICT (app_id, lower(name)) DO NOTHING`,
      [job.appId, TAG_PALETTE],
    );
    await this.resolveTagIds(job);
  }

  private async resolveTagIds(job: BatchJob): Promise<void> {
    await this.client.query(
      `UPDATE import_staging s SET tag_ids = ARRAY(
         SELECT t.id FROM unnest(string_to_array(s.tags, ';')) WITH ORDINALITY AS wanted(tag_name, position)
           JOIN tags t ON t.app_id = $1 AND lower(t.name) = lower(wanted.tag_name)
          GROUP BY t.id ORDER BY min(wanted.position))
        WHERE s.tags IS NOT NULL`,
      [job.appId],
    );
  }

  /** A dry run: what an upsert would do, read only. A tag the app lacks would be created, so it counts as a change. */
  private async countChanges(job: BatchJob): Promise<{ created: number; updated: number; refused: number[] }> {
    await this.resolveTagIds(job);
    const { rows } = await this.client.query<{ created: number; updated: number }>(
      `SELECT count(*) FILTER (WHERE u.id IS NULL)::int AS created,
              count(*) FILTER (WHERE u.id IS NOT NULL AND (${CHANGED} OR cardinality(s.tag_ids) < s.tag_count))::int AS updated
         FROM import_staging s LEFT JOIN users u ON u.app_id = $1 AND u.email = s.email`,
      [job.appId],
    );
    return { ...rows[0]!, refused: [] };
  }
}

const EXISTS_IN_INSERT_MODE: RowProblem = {
  column: 'email',
  message: 'A user with this email already exists (insert mode adds new users only)',
};

/** Whether a staged row would change its user: empty cells keep a value, tags and profile values only add. */
const CHANGED = `((u.name, u.status, u.signed_up_at)
    IS DISTINCT FROM (coalesce(s.name, u.name), coalesce(s.status, u.status), coalesce(s.signed_up_at, u.signed_up_at))
  OR NOT (u.profile @> s.profile AND u.tag_ids @> s.tag_ids))`;

function stagingLine(row: BatchRow & { user: UserRow }): string {
  const user = row.user;
  return [
    String(row.row),
    user.email,
    user.name,
    user.status,
    user.tags.length > 0 ? user.tags.join(';') : null,
    String(user.tags.length),
    user.signedUpAt,
    JSON.stringify(user.profile),
  ]
    .map(copyValue)
    .join('\t');
}
