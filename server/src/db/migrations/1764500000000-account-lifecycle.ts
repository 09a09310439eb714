import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account lifecycle: password hashes, timed bans, per-app settings, the
 * activity timeline, password-reset tokens, sign-in lockout, the webhook
 * outbox and the audit log.
 */
export class AccountLifecycle1764500000000 implements MigrationInterface {
  name = 'AccountLifecycle1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN password_hash text,
        ADD COLUMN banned_by text,
        ADD COLUMN banned_until timestamptz`);
    // Only timed bans are in it, so lifting the due ones (on every status read
    // and by the periodic sweep) is a probe of a tiny index.
    await db.query(`
      CREATE INDEX users_ban_expiry ON users (app_id, banned_until)
      WHERE status = 'BANNED' AND banned_until IS NOT NULL`);

    await db.query(`
      CREATE TABLE app_settings (
        app_id text PRIMARY KEY,
        activity_history boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The timeline is read per user, newest first, by keyset: one btree on
    // (user_id, occurred_at DESC, id DESC) answers any page with an index
    // range scan however many events the table holds. Events arrive in time
    // order, so a BRIN index on occurred_at (a few pages for 10M rows) finds
    // what the retention purge deletes without a second btree to maintain on
    // every insert. No primary key: nothing looks an event up by id alone, and
    // the timeline index already orders (user, time, id) uniquely.
    await db.query(`
      CREATE TABLE activity_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        app_id text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PAGE_VIEW', 'FEATURE_USE', 'LOGIN', 'CUSTOM')),
        name text NOT NULL,
        metadata jsonb CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object')
      )`);
    await db.query(`CREATE UNIQUE INDEX activity_events_timeline ON activity_events (user_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX activity_events_occurred_brin ON activity_events USING brin (occurred_at)`);

    await db.query(`
      CREATE TABLE password_reset_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id)`);

    await db.query(`
      CREATE TABLE sign_in_failures (
        app_id text NOT NULL,
        email text NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz,
        PRIMARY KEY (app_id, email)
      )`);

    // Deliveries outlive the user they are about (user.deleted), so no foreign key.
    await db.query(`
      CREATE TABLE webhook_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        app_id text NOT NULL,
        user_id uuid,
        type text NOT NULL,
        body text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        delivered_at timestamptz,
        failed_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, id)
      WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await db.query(`CREATE INDEX webhook_outbox_user ON webhook_outbox (app_id, user_id)`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        app_id text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        role text NOT NULL,
        action text NOT NULL,
        target_user_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX audit_log_app_keyset ON audit_log (app_id, at DESC, id DESC)`);
    await db.query(`
      CREATE INDEX audit_log_user_keyset ON audit_log (app_id, target_user_id, at DESC, id DESC)
      WHERE target_user_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP TABLE webhook_outbox`);
    await db.query(`DROP TABLE sign_in_failures`);
    await db.query(`DROP TABLE password_reset_tokens`);
    await db.query(`DROP TABLE activity_events`);
    await db.query(`DROP TABLE app_settings`);
    await db.query(`DROP INDEX users_ban_expiry`);
    await db.query(`ALTER TABLE users DROP COLUMN banned_until, DROP COLUMN banned_by, DROP COLUMN password_hash`);
  }
}
