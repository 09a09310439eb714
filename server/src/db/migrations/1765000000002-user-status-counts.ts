import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many users each app has in each status, kept as it changes: counting
 * them took a scan of every user of the app (27 ms for 50,000 on the index,
 * over 150 ms at a million or on busy cores, when a 1% sample answered
 * instead). Statement triggers add one delta row per app and status for each
 * statement that inserts, deletes or changes the status of users, from its
 * transition tables: a batch of 5,000 imported users adds one row, and no
 * two writers wait on a shared counter. A count sums an app's rows; a
 * scheduled task folds them into one per status (users/user-count.ts).
 * TRUNCATE empties them.
 */
export class UserStatusCounts1765000000002 implements MigrationInterface {
  name = 'UserStatusCounts1765000000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE user_status_counts (app_id text NOT NULL, status text NOT NULL, delta bigint NOT NULL)`);
    await db.query(`CREATE INDEX user_status_counts_app ON user_status_counts (app_id)`);
    await db.query(`INSERT INTO user_status_counts (app_id, status, delta) SELECT app_id, status, count(*) FROM users GROUP BY app_id, status`);
    await db.query(`
      CREATE FUNCTION um_count_inserted_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO user_status_counts (app_id, status, delta) SELECT app_id, status, count(*) FROM inserted GROUP BY app_id, status;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION um_count_deleted_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO user_status_counts (app_id, status, delta) SELECT app_id, status, -count(*) FROM deleted GROUP BY app_id, status;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION um_count_updated_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
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
    await db.query(`
      CREATE FUNCTION um_count_truncated_users() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM user_status_counts;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER users_count_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION um_count_inserted_users()`,
    );
    await db.query(
      `CREATE TRIGGER users_count_deleted AFTER DELETE ON users REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION um_count_deleted_users()`,
    );
    await db.query(
      `CREATE TRIGGER users_count_updated AFTER UPDATE ON users REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION um_count_updated_users()`,
    );
    await db.query(`CREATE TRIGGER users_count_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION um_count_truncated_users()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const trigger of ['inserted', 'deleted', 'updated', 'truncated']) {
      await db.query(`DROP TRIGGER users_count_${trigger} ON users`);
      await db.query(`DROP FUNCTION um_count_${trigger}_users()`);
    }
    await db.query('DROP TABLE user_status_counts');
  }
}
