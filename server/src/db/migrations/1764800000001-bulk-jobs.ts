import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk work on every user a filter matches (ban, unban, tag, untag, delete),
 * as jobs of the job runner. A job keeps its filter as checked, the count the
 * admin confirmed, and where it is: the signup order's keyset (signed_up_at,
 * id) of the last user done, moved in the same transaction as each batch, so
 * a resumed job never does a user twice. Only users created before the job
 * are its own (`matched_before`): signups meanwhile are not swept in.
 */
export class BulkJobs1764800000001 implements MigrationInterface {
  name = 'BulkJobs1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulk_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        lock_key integer GENERATED ALWAYS AS IDENTITY UNIQUE,
        action text NOT NULL CHECK (action IN ('BAN', 'UNBAN', 'ADD_TAGS', 'REMOVE_TAGS', 'DELETE')),
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        filter jsonb NOT NULL,
        reason text,
        banned_until timestamptz,
        tag_ids uuid[] NOT NULL DEFAULT '{}',
        expected_count integer NOT NULL,
        total integer NOT NULL,
        processed integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        matched_before timestamptz NOT NULL,
        after_signed_up_at timestamptz,
        after_id uuid,
        created_by text NOT NULL,
        created_role text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        run_after timestamptz,
        heartbeat_at timestamptz,
        message text,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX bulk_jobs_open ON bulk_jobs (created_at) WHERE status IN ('QUEUED', 'RUNNING')`);
    await db.query(`CREATE INDEX bulk_jobs_app_created ON bulk_jobs (app_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bulk_jobs`);
  }
}
