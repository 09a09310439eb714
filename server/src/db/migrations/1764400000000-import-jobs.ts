import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSV import jobs. The uploaded body lives in Postgres as 1 MB chunks, so any
 * server instance can run or resume a job after a restart; progress is
 * committed with each batch of rows, and the row errors keep the original
 * cells for the errors file. `um_csv_cell` escapes a cell a spreadsheet would
 * run as a formula (the export calls it inside COPY).
 */
export class ImportJobs1764400000000 implements MigrationInterface {
  name = 'ImportJobs1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        -- The job's advisory lock key: whoever holds it runs the job.
        lock_key integer GENERATED ALWAYS AS IDENTITY UNIQUE,
        mode text NOT NULL CHECK (mode IN ('UPSERT', 'INSERT', 'DRY_RUN')),
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        created_by text NOT NULL,
        byte_size bigint NOT NULL DEFAULT 0,
        chunk_count integer NOT NULL DEFAULT 0,
        header text[] NOT NULL DEFAULT '{}',
        warnings text[] NOT NULL DEFAULT '{}',
        total_rows integer,
        processed_rows integer NOT NULL DEFAULT 0,
        -- The file row (header = 1) of the last row a committed batch held: a resumed job goes on after it.
        last_row integer NOT NULL DEFAULT 1,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        progress_at timestamptz
      )`);
    await db.query(`CREATE INDEX import_jobs_app_created ON import_jobs (app_id, created_at DESC)`);
    await db.query(`CREATE INDEX import_jobs_open ON import_jobs (created_at) WHERE status IN ('QUEUED', 'RUNNING')`);

    await db.query(`
      CREATE TABLE import_job_chunks (
        job_id uuid NOT NULL REFERENCES import_jobs ON DELETE CASCADE,
        app_id text NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`);
    // CSV compresses well but pglz is slow; the chunks only live until the job ends.
    await db.query(`ALTER TABLE import_job_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);

    await db.query(`
      CREATE TABLE import_job_errors (
        job_id uuid NOT NULL REFERENCES import_jobs ON DELETE CASCADE,
        app_id text NOT NULL,
        row_number integer NOT NULL,
        problems jsonb NOT NULL CHECK (jsonb_typeof(problems) = 'array'),
        cells jsonb NOT NULL CHECK (jsonb_typeof(cells) = 'array'),
        PRIMARY KEY (job_id, row_number)
      )`);

    // Not STRICT, so the planner inlines it into the export's COPY; the first
    // character is tested before the regular expression, which most cells skip.
    await db.query(`
      CREATE FUNCTION public.um_csv_cell(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN ascii(value) IN (9, 13, 39, 43, 45, 61, 64) AND value ~ '^''*[-=+@\\t\\r]'
                  THEN '''' || value ELSE value END`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION public.um_csv_cell(text)`);
    await db.query(`DROP TABLE import_job_errors`);
    await db.query(`DROP TABLE import_job_chunks`);
    await db.query(`DROP TABLE import_jobs`);
  }
}
