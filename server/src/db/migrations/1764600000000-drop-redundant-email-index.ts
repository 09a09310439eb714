import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails are unique per app, so the unique (app_id, email) index already
 * serves the EMAIL order (an incremental sort on id for ties that cannot
 * occur costs nothing). The extra (app_id, email, id) index only slowed
 * every insert: about a tenth of an import's index upkeep.
 */
export class DropRedundantEmailIndex1764600000000 implements MigrationInterface {
  name = 'DropRedundantEmailIndex1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX users_email_keyset`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX users_email_keyset ON users (app_id, email, id)`);
  }
}
