import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The views an app's team saves (savedViews): a name unique per app regardless of case, a filter, an order, columns. */
export class SavedViews1765200000001 implements MigrationInterface {
  name = 'SavedViews1765200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        name text NOT NULL,
        name_key text NOT NULL,
        filter jsonb NOT NULL,
        order_by jsonb,
        columns text[],
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX saved_views_app_name ON saved_views (app_id, name_key)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE saved_views`);
  }
}
