import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The count of an UPDATE's status moves joined the statement's old and new
 * rows by id. Transition tables have no index, and a plpgsql function keeps
 * the plan it made on its first call in a session: the import turns hash and
 * merge joins off for its own statements (see the import writer), so on an
 * import's connection the join became a nested loop, every old row against
 * every new one. A batch of 8,000 changed users compared 128 million pairs,
 * about seven seconds, and the changed-rows import ran at 2,400 rows/s.
 *
 * Every updated row is once in each table, so the moves are the old rows
 * counted out and the new rows counted in, per app and status; a row whose
 * status stayed cancels itself. Two scans and one aggregate, whatever the
 * plan settings of the session.
 */
export class StatusCountsWithoutJoin1765200000000 implements MigrationInterface {
  name = 'StatusCountsWithoutJoin1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION um_count_updated_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO user_status_counts (app_id, status, delta)
        SELECT app_id, status, sum(delta) FROM (
          SELECT app_id, status, -count(*) AS delta FROM old_users GROUP BY app_id, status
          UNION ALL
          SELECT app_id, status, count(*) FROM new_users GROUP BY app_id, status
        ) AS moved
        GROUP BY app_id, status HAVING sum(delta) <> 0;
        RETURN NULL;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION um_count_updated_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO user_status_counts (app_id, status, delta)
        SELECT app_id, status, sum(delta) FROM (
          SELECT b.app_id, b.status, -1 AS delta FROM old_users b JOIN new_users a ON a.id = b.id WHERE a.status <> b.status OR a.app_id <> b.app_id
          UNION ALL
          SELECT a.app_id, a.status, 1 FROM old_users b JOIN new_users a ON a.id = b.id WHERE a.status <> b.status OR a.app_id <> b.app_id
        ) AS moved
        GROUP BY app_id, status HAVING sum(delta) <> 0;
        RETURN NULL;
      END $$`);
  }
}
