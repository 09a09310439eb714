import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit windows, shared by every server of the deployment: one row per
 * key (a kind of limit and what it counts, such as a client address), with
 * when its window started and the attempts in it. UNLOGGED: a crash may
 * forget the windows of the last minutes, and no write-ahead log is spent
 * on counting attempts.
 */
export class RateLimits1765000000000 implements MigrationInterface {
  name = 'RateLimits1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNLOGGED TABLE rate_limits (
      key text PRIMARY KEY,
      window_started_at timestamptz NOT NULL,
      attempts integer NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rate_limits');
  }
}
