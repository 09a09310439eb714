import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the one job runner (jobs/) keeps in the database. A queued job (an
 * import) gets `run_after`, when a failed attempt may run again (its backoff),
 * and `heartbeat_at`, when its runner last said it was alive. Scheduled tasks
 * (ban sweep, purges) get a row each: a process claims a run by moving
 * `next_run_at` on and holding a lease until `lease_until`, so however many
 * servers share the database a task runs once per interval, by one of them.
 */
export class JobRunner1764800000000 implements MigrationInterface {
  name = 'JobRunner1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs ADD COLUMN run_after timestamptz, ADD COLUMN heartbeat_at timestamptz`);
    await db.query(`
      CREATE TABLE scheduled_tasks (
        name text PRIMARY KEY,
        next_run_at timestamptz NOT NULL,
        lease_until timestamptz,
        runs bigint NOT NULL DEFAULT 0,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_error text
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE scheduled_tasks`);
    await db.query(`ALTER TABLE import_jobs DROP COLUMN run_after, DROP COLUMN heartbeat_at`);
  }
}
