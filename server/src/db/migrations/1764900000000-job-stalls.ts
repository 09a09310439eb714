import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job whose run died (the process killed, out of memory, stalled and
 * restarted) is taken up again by the next runner. If it died twice at the
 * same place, resuming it a third time would only do the same again, so it
 * is given up instead. `stall_mark` is the job's progress (import: the last
 * committed file row; bulk: users processed) when it was last claimed, and
 * `stalls` how many claims in a row found its run dead there.
 */
export class JobStalls1764900000000 implements MigrationInterface {
  name = 'JobStalls1764900000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['import_jobs', 'bulk_jobs']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN stalls integer NOT NULL DEFAULT 0, ADD COLUMN stall_mark integer`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['import_jobs', 'bulk_jobs']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN stalls, DROP COLUMN stall_mark`);
    }
  }
}
