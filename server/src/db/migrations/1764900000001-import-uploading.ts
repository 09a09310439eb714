import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An upload no longer holds a database connection (and a transaction) while
 * it waits for its client: its chunks are written as they fill, each on its
 * own, under a job that is UPLOADING — invisible to runners and to the API —
 * until the whole file is stored and checked. A refused or abandoned upload
 * deletes its job (and with it its chunks); one left by a process that died
 * is purged.
 */
export class ImportUploading1764900000001 implements MigrationInterface {
  name = 'ImportUploading1764900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`);
    await db.query(
      `ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check CHECK (status IN ('UPLOADING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM import_jobs WHERE status = 'UPLOADING'`);
    await db.query(`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`);
    await db.query(`ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))`);
  }
}
