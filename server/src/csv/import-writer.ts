import type { Clock } from '../common/clock';
import { foldedKey } from '../common/text';
import type { Connection, Session } from '../db/database';
import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { TAG_PALETTE } from '../tags/tag-rules';
import { lockTags, MissingTagError } from '../tags/tag-locks';
import { JobTakenOverError } from '../jobs/job-queue';
import { ImportMode } from './dto/import-job.type';
import type { BatchCounts, ImportJobRow, ImportJobStore, RowSpan } from './import-job.store';
import type { BatchRow, StagedUser } from './import-batch';
import type { RowProblem } from './import-row';
import { NEW_USER_BAN_COLUMNS, newUserBanValues, statusSet } from '../users/user-row';

/** The job a batch belongs to, as its run claimed it (its attempt is the run's), with the app's fields. */
export type BatchJob = ImportJobRow & { fields: readonly ProfileField[] };

/**
 * Writes one batch of checked rows in one transaction on the job's own
 * connection: COPY into a staging table, missing tags created by name, one
 * INSERT … ON CONFLICT DO NOTHING for new users and one UPDATE … FROM for
 * existing ones that only touches rows whose values differ, the row errors,
 * and the job's progress with the span of rows done. Rows and progress commit
 * together, so a job that dies mid-batch resumes with exactly the rows no
 * committed batch covered. Writers on several connections may commit their
 * batches in any order.
 */
export class ImportWriter {
  private prepared = false;

  constructor(
    private readonly connection: Connection,
    private readonly store: ImportJobStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the batch in one transaction. Like any, it runs again when chosen
   * as a deadlock victim; and when a tag it looked up was deleted before it
   * could lock it (see tagIds).
   */
  async write(job: BatchJob, rows: readonly BatchRow[], span: RowSpan): Promise<BatchCounts> {
    await this.prepare();
    return this.connection.transaction((tx) => this.writeOnce(tx, job, rows, span, this.clock.now()), {
      retryOn: (error) => error instanceof MissingTagError,
    });
  }

  private async writeOnce(tx: Session, job: BatchJob, rows: readonly BatchRow[], span: RowSpan, now: Date): Promise<BatchCounts> {
    const problems = new Map<number, RowProblem[]>();
    for (const row of rows) if (row.problems) problems.set(row.row, row.problems);
    // A batch of thousands against a table of millions must probe the email
    // index row by row; a hash join would read every user of the app each batch.
    // The triggers these statements fire plan under the same settings: none may join its transition tables (docs/architecture.md).
    await tx.execute('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
    const totals = { processed: rows.length, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const good = await refuseRows(tx, job, rows, problems);
    if (good.length > 0) {
      const tagIds = await batchTagIds(tx, job, good);
      const tagColumns = new Map<string, string>();
      await copyLines(
        tx,
        'COPY import_staging (row_number, email, name, status, signed_up_at, profile, tag_ids, tags_unknown) FROM STDIN',
        good,
        (row) => `${row.staged.line}\t${tagCells(row.staged.tags, tagIds, tagColumns)}`,
      );
      const written = await merge(tx, job, now);
      for (const row of written.refused) problems.set(row, [EXISTS_IN_INSERT_MODE]);
      const vanished = written.vanished ?? [];
      for (const row of vanished) problems.set(row, [DELETED_WHILE_IMPORTING]);
      totals.created = written.created;
      totals.updated = written.updated;
      totals.unchanged = good.length - written.created - written.updated - written.refused.length - vanished.length;
    }
    totals.failed = problems.size;
    if (problems.size > 0) {
      await this.store.addRowErrors(tx, job, problems, new Map(rows.map((row) => [row.row, row.cells])));
    }
    if (!(await this.store.recordBatch(tx, job, totals, span, now))) throw new JobTakenOverError(job.id);
    return totals;
  }

  /** The staging table lives as long as the job's connection and empties at every commit. */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await this.connection.execute(`
      CREATE TEMP TABLE IF NOT EXISTS import_staging (
        row_number integer NOT NULL,
        email text NOT NULL,
        name text,
        status text,
        tag_ids uuid[] NOT NULL,
        tags_unknown boolean NOT NULL,
        signed_up_at timestamptz,
        profile jsonb NOT NULL
      ) ON COMMIT DELETE ROWS`);
    this.prepared = true;
  }
}

type CheckedRow = BatchRow & { staged: StagedUser };

const COPY_SLICE = 1000;

/** COPY of `items` as lines, made a slice at a time so a big batch never holds the event loop (and /healthz) for long. */
async function copyLines<T>(tx: Session, sql: string, items: readonly T[], line: (item: T) => string): Promise<void> {
  async function* slices() {
    for (let start = 0; start < items.length; start += COPY_SLICE) {
      yield `${items
        .slice(start, start + COPY_SLICE)
        .map(line)
        .join('\n')}\n`;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await tx.copyIn(sql, slices());
}

/**
 * The rules that depend on who exists already: in insert mode an existing
 * email is refused; a new user needs every required profile field. Returns
 * the rows still to write; the others get their problem.
 */
async function refuseRows(tx: Session, job: BatchJob, rows: readonly BatchRow[], problems: Map<number, RowProblem[]>): Promise<CheckedRow[]> {
  const good = rows.filter((row): row is CheckedRow => row.staged !== undefined);
  const required = job.fields.filter((field) => field.required);
  if (good.length === 0 || (job.mode !== ImportMode.INSERT && required.length === 0)) return good;
  const found = await tx.query<{ email: string }>(
    // A scalar subquery is always one probe of the email index per email, whatever the statistics say (see MATCHED).
    `SELECT wanted.email FROM unnest($2::text[]) AS wanted(email)
      WHERE (SELECT true FROM users u WHERE u.app_id = (SELECT $1::text) AND u.email = wanted.email)`,
    [job.appId, good.map((row) => row.staged.email)],
  );
  const existing = new Set(found.map((row) => row.email));
  return good.filter((row) => {
    const exists = existing.has(row.staged.email);
    if (exists && job.mode === ImportMode.INSERT) {
      problems.set(row.row, [EXISTS_IN_INSERT_MODE]);
      return false;
    }
    const missing = exists ? undefined : row.staged.missing;
    if (missing) {
      problems.set(row.row, [{ column: missing.key, message: `${missing.label} (${missing.key}) is required for a new user` }]);
      return false;
    }
    return true;
  });
}

/**
 * Every tag name of the batch as an id, by name without case, in one
 * statement: the app's missing tags are created (first spelling wins, colours
 * from the palette). A dry run only looks them up. The tags are then locked
 * like every write that links tags (see lockTags): one deleted meanwhile
 * fails the lock, and the batch runs again.
 */
async function batchTagIds(tx: Session, job: BatchJob, rows: readonly CheckedRow[]): Promise<Map<string, string>> {
  // Folded key (see foldedKey) → the name as first written.
  const names = new Map<string, string>();
  const lists = new Set<string>();
  for (const row of rows) if (row.staged.tags !== '') lists.add(row.staged.tags);
  for (const list of lists) {
    for (const name of list.split(';')) if (!names.has(foldedKey(name))) names.set(foldedKey(name), name);
  }
  if (names.size === 0) return new Map<string, string>();
  // In one order for every writer, so two batches creating the same new names wait for each other rather than deadlock.
  const wanted = [...names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = wanted.map(([key]) => key);
  const create = job.mode !== ImportMode.DRY_RUN;
  const found = await tx.query<{ key: string; id: string | null }>(
    create
      ? `WITH wanted AS (SELECT name, key, position FROM unnest($2::text[], $4::text[]) WITH ORDINALITY AS w(key, name, position)),
              created AS (
                INSERT INTO tags (app_id, name, name_key, color)
                SELECT $1, wanted.name, wanted.key,
                       ($3::text[])[1 + ((SELECT count(*) FROM tags WHERE app_id = $1) + wanted.position) % cardinality($3::text[])]
                  FROM wanted
                 WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.app_id = $1 AND t.name_key = wanted.key)
                ON CONFLICT (app_id, name_key) DO NOTHING
                RETURNING id, name_key)
         SELECT wanted.key, coalesce(
                  (SELECT created.id FROM created WHERE created.name_key = wanted.key),
                  (SELECT t.id FROM tags t WHERE t.app_id = $1 AND t.name_key = wanted.key)) AS id
           FROM wanted`
      : `SELECT w.key, (SELECT t.id FROM tags t WHERE t.app_id = $1 AND t.name_key = w.key) AS id
           FROM unnest($2::text[]) AS w(key)`,
    create ? [job.appId, keys, TAG_PALETTE, wanted.map(([, name]) => name)] : [job.appId, keys],
  );
  const ids = new Map<string, string>();
  const lost: string[] = [];
  for (const row of found) {
    if (row.id) ids.set(row.key, row.id);
    else if (create) lost.push(row.key);
  }
  if (lost.length > 0) {
    // Another writer created these names after this statement's snapshot: they are committed now.
    const late = await tx.query<{ key: string; id: string }>(
      `SELECT w.key, t.id FROM unnest($2::text[]) AS w(key) JOIN tags t ON t.app_id = $1 AND t.name_key = w.key`,
      [job.appId, lost],
    );
    for (const row of late) ids.set(row.key, row.id);
  }
  if (create) await lockTags(tx, job.appId, [...new Set(ids.values())].sort());
  return ids;
}

interface Merged {
  created: number;
  updated: number;
  /** Rows refused because the email exists (insert mode). */
  refused: number[];
  /** Rows whose user was deleted while the batch ran. */
  vanished?: number[];
}

async function merge(tx: Session, job: BatchJob, now: Date): Promise<Merged> {
  if (job.mode === ImportMode.DRY_RUN) return countChanges(tx, job);
  if (job.mode === ImportMode.INSERT) {
    const inserted = await tx.query<{ email: string }>(`${INSERT_USERS} FROM import_staging s ${ON_CONFLICT} RETURNING email`, [job.appId, now]);
    // Another writer added one of these emails since refuseRows looked.
    const added = new Set(inserted.map((row) => row.email));
    const staged = await tx.query<{ row: number; email: string }>('SELECT row_number AS row, email FROM import_staging');
    return { created: added.size, updated: 0, refused: staged.filter((row) => !added.has(row.email)).map((row) => row.row) };
  }
  // One probe of the email index per row tells new from existing and whether
  // anything would change; new users are inserted, changed ones updated by id.
  const [merged] = await tx.query<{ created: number; updated: number; newRows: number; missed: Array<{ row: number; id: string }> }>(
    `WITH matched AS MATERIALIZED (${MATCHED}),
          inserted AS (${INSERT_USERS} FROM matched s WHERE s.user_id IS NULL ${ON_CONFLICT} RETURNING 1),
          updated AS (${UPDATE_USERS} FROM matched s WHERE s.changed AND u.id = s.user_id AND ${CHANGED} RETURNING u.id)
     SELECT (SELECT count(*) FROM inserted)::int AS created, (SELECT count(*) FROM updated)::int AS updated,
            (SELECT count(*) FROM matched WHERE user_id IS NULL)::int AS "newRows",
            (SELECT coalesce(jsonb_agg(jsonb_build_object('row', m.row_number, 'id', m.user_id)), '[]')
               FROM matched m WHERE m.changed AND m.user_id IS NOT NULL AND m.user_id NOT IN (SELECT id FROM updated)) AS missed`,
    [job.appId, now],
  );
  // Rows whose change was not written: their user was deleted (or changed alike) by someone else meanwhile.
  // This statement's snapshot is newer and tells the two apart; a deleted user's row fails.
  const vanished = merged!.missed.length === 0 ? [] : await deletedMeanwhile(tx, merged!.missed);
  let updated = merged!.updated;
  if (merged!.created < merged!.newRows) {
    // Another writer created some of these users after this batch looked: update them now.
    updated += await tx.execute(
      `WITH matched AS MATERIALIZED (${MATCHED}) ${UPDATE_USERS} FROM matched s WHERE s.changed AND u.id = s.user_id AND ${CHANGED}`,
      [job.appId, now],
    );
  }
  return { created: merged!.created, updated, refused: [], vanished };
}

/** The rows of `missed` whose user no longer exists. */
async function deletedMeanwhile(tx: Session, missed: Array<{ row: number; id: string }>): Promise<number[]> {
  const gone = await tx.query<{ id: string }>(`SELECT m.id FROM unnest($1::uuid[]) AS m(id) WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.id)`, [
    missed.map((entry) => entry.id),
  ]);
  const ids = new Set(gone.map((entry) => entry.id));
  return missed.filter((entry) => ids.has(entry.id)).map((entry) => entry.row);
}

/** A dry run: what an upsert would do, read only. A tag the app lacks would be created, so it counts as a change. */
async function countChanges(tx: Session, job: BatchJob): Promise<Merged> {
  const [counts] = await tx.query<{ created: number; updated: number }>(
    `WITH matched AS MATERIALIZED (${MATCHED})
     SELECT count(*) FILTER (WHERE user_id IS NULL)::int AS created,
            count(*) FILTER (WHERE user_id IS NOT NULL AND (changed OR tags_unknown))::int AS updated
       FROM matched`,
    [job.appId],
  );
  return { ...counts!, refused: [] };
}

const DELETED_WHILE_IMPORTING: RowProblem = {
  column: 'email',
  message: 'The user with this email was deleted while importing; import the row again to create them anew',
};

const EXISTS_IN_INSERT_MODE: RowProblem = {
  column: 'email',
  message: 'A user with this email already exists (insert mode adds new users only)',
};

/** Whether a staged row would change its user: empty cells keep a value, tags and profile values only add. */
const CHANGED = `((u.name, u.status, u.signed_up_at)
    IS DISTINCT FROM (coalesce(s.name, u.name), coalesce(s.status, u.status), coalesce(s.signed_up_at, u.signed_up_at))
  OR NOT (u.profile @> s.profile AND u.tag_ids @> s.tag_ids))`;

/**
 * Each staged row with its user's id (null when new) and whether it would
 * change. OFFSET 0 keeps the lateral subquery from being flattened into a
 * join, so it is always one index probe per row. The app id comes through a
 * subquery the planner cannot see into: with its value in view, the
 * statistics of an app new to them (an app's first import) estimate it at
 * one row, and the planner walked any (app_id, …) index through every user
 * the import had written so far, for every row — 450 rows/s by the time an
 * app held 25,000. Unseen, the app is "a fifth of the table" and the unique
 * email index wins.
 */
const MATCHED = `SELECT s.*, m.id AS user_id, m.changed
    FROM import_staging s
    LEFT JOIN LATERAL (
      SELECT u.id, ${CHANGED} AS changed FROM users u WHERE u.app_id = (SELECT $1::text) AND u.email = s.email OFFSET 0
    ) m ON true`;

/** New users from staged rows; $1 is the app, $2 the moment of the batch. */
const INSERT_USERS = `INSERT INTO users (app_id, email, name, status, profile, tag_ids, signed_up_at, ${NEW_USER_BAN_COLUMNS})
  SELECT $1, s.email, s.name, coalesce(s.status, 'ACTIVE'), s.profile, s.tag_ids,
         coalesce(s.signed_up_at, $2::timestamptz), ${newUserBanValues({ status: 's.status', now: '$2' })}`;

const ON_CONFLICT = 'ON CONFLICT (app_id, email) DO NOTHING';

/**
 * The SET of an upsert: an empty cell keeps the value, profile values and tags
 * are added; a status cell changes the status as any status change does. $2
 * is the moment of the batch.
 */
const UPDATE_USERS = `UPDATE users u SET
    name = coalesce(s.name, u.name),
    ${statusSet('u', { status: 'coalesce(s.status, u.status)', now: '$2' })},
    profile = u.profile || s.profile,
    tag_ids = u.tag_ids || ARRAY(SELECT tag FROM unnest(s.tag_ids) AS tag WHERE tag <> ALL (u.tag_ids)),
    signed_up_at = coalesce(s.signed_up_at, u.signed_up_at),
    updated_at = $2::timestamptz`;

/** The tag_ids and tags_unknown cells of a row's tag names, worked out once per distinct list in a batch. */
function tagCells(tags: string, tagIds: Map<string, string>, known: Map<string, string>): string {
  let cells = known.get(tags);
  if (cells === undefined) {
    const ids = new Set<string>();
    let unknown = false;
    for (const name of tags === '' ? [] : tags.split(';')) {
      const id = tagIds.get(foldedKey(name));
      if (id) ids.add(id);
      else unknown = true;
    }
    cells = `{${[...ids].join(',')}}\t${unknown ? 't' : 'f'}`;
    known.set(tags, cells);
  }
  return cells;
}
