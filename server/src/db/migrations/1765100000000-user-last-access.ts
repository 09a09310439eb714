import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each user's last access, in a narrow table of its own. On the users row,
 * moving lastAccessAt rewrote the whole row and every index on it (the
 * trigram and tag GIN indexes included) for each user of an activity batch:
 * 11,300 events/s for batches of 1,000 users. Here it rewrites 40 bytes and
 * two B-tree entries.
 *
 * Every user has a row, '-infinity' until they first come back, so the
 * LAST_ACCESS_AT order walks one index. Statement triggers keep the rows:
 * one per inserted user (set-based, from the transition table), gone with
 * the user. No foreign key: its check would run once per imported row.
 */
export class UserLastAccess1765100000000 implements MigrationInterface {
  name = 'UserLastAccess1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_last_access (
        user_id uuid PRIMARY KEY,
        app_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT '-infinity'
      )`);
    await db.query(`
      INSERT INTO user_last_access (user_id, app_id, at)
      SELECT id, app_id, coalesce(last_access_at, '-infinity') FROM users`);
    await db.query(`CREATE INDEX user_last_access_keyset ON user_last_access (app_id, at DESC, user_id DESC)`);
    await db.query(`
      CREATE FUNCTION um_add_last_access() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO user_last_access (user_id, app_id) SELECT id, app_id FROM inserted;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION um_drop_last_access() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM user_last_access WHERE user_id IN (SELECT id FROM deleted);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION um_truncate_last_access() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        TRUNCATE user_last_access;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER users_last_access_added AFTER INSERT ON users REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION um_add_last_access()`,
    );
    await db.query(
      `CREATE TRIGGER users_last_access_dropped AFTER DELETE ON users REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION um_drop_last_access()`,
    );
    await db.query(`CREATE TRIGGER users_last_access_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION um_truncate_last_access()`);
    await db.query(`DROP INDEX users_last_access_keyset`);
    await db.query(`ALTER TABLE users DROP COLUMN last_access_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN last_access_at timestamptz`);
    await db.query(`
      UPDATE users SET last_access_at = a.at FROM user_last_access a WHERE a.user_id = users.id AND a.at <> '-infinity'`);
    await db.query(`
      CREATE INDEX users_last_access_keyset
      ON users (app_id, (coalesce(last_access_at, '-infinity'::timestamptz)) DESC, id DESC)`);
    for (const [trigger, fn] of [
      ['added', 'um_add_last_access'],
      ['dropped', 'um_drop_last_access'],
      ['truncated', 'um_truncate_last_access'],
    ]) {
      await db.query(`DROP TRIGGER users_last_access_${trigger} ON users`);
      await db.query(`DROP FUNCTION ${fn}()`);
    }
    await db.query(`DROP TABLE user_last_access`);
  }
}
