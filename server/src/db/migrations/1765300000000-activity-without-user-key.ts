import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activity events keep their user id without a foreign key: an app-wide
 * advisory lock keeps them and user deletes apart instead
 * (users/app-users-lock.ts), and the delete removes a user's events itself.
 */
export class ActivityWithoutUserKey1765300000000 implements MigrationInterface {
  name = 'ActivityWithoutUserKey1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE activity_events DROP CONSTRAINT activity_events_user_id_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM activity_events AS e WHERE NOT EXISTS (SELECT 1 FROM users WHERE users.id = e.user_id)`);
    await db.query(`ALTER TABLE activity_events ADD CONSTRAINT activity_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE`);
  }
}
