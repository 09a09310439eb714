import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import writes its batches on more than one connection, so batches can
 * commit out of file order. Each batch adds the span of file rows it covered
 * to `committed_rows` in the transaction that writes them: a resumed job skips
 * exactly the rows inside those spans. `last_row` stays the end of the first
 * unbroken span (every row up to it is written).
 */
export class ImportCommittedRows1764700000000 implements MigrationInterface {
  name = 'ImportCommittedRows1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs ADD COLUMN committed_rows int4multirange NOT NULL DEFAULT '{[1,2)}'`);
    await db.query(`UPDATE import_jobs SET committed_rows = int4multirange(int4range(1, last_row + 1))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs DROP COLUMN committed_rows`);
  }
}
