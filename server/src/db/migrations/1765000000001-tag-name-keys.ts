import type { MigrationInterface, QueryRunner } from 'typeorm';
import { foldedKey } from '../../common/text';

/**
 * Tag names are unique per app after NFC and full case folding ("Straße"
 * and "STRASSE", "Café" in NFC and NFD), which Postgres's lower() does not
 * do: `name_key` holds the folded name, computed by the server (foldedKey),
 * and carries the unique index. Existing names are folded here; where two
 * existing tags of an app fold alike, both are kept (no tag is lost), the
 * later one's key made distinct by its id, and no new tag can take either
 * name.
 */
export class TagNameKeys1765000000001 implements MigrationInterface {
  name = 'TagNameKeys1765000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE tags ADD COLUMN name_key text');
    const tags = (await db.query('SELECT id, app_id AS "appId", name FROM tags ORDER BY app_id, created_at, id')) as Array<{
      id: string;
      appId: string;
      name: string;
    }>;
    const taken = new Set<string>();
    const ids: string[] = [];
    const keys: string[] = [];
    for (const tag of tags) {
      const key = foldedKey(tag.name);
      const scoped = `${tag.appId}\u0000${key}`;
      ids.push(tag.id);
      keys.push(taken.has(scoped) ? `${key}\u0000${tag.id}` : key);
      taken.add(scoped);
    }
    for (let start = 0; start < ids.length; start += 10_000) {
      await db.query('UPDATE tags SET name_key = k.key FROM unnest($1::uuid[], $2::text[]) AS k(id, key) WHERE tags.id = k.id', [
        ids.slice(start, start + 10_000),
        keys.slice(start, start + 10_000),
      ]);
    }
    await db.query('ALTER TABLE tags ALTER COLUMN name_key SET NOT NULL');
    await db.query('CREATE UNIQUE INDEX tags_app_name_key_key ON tags (app_id, name_key)');
    await db.query('DROP INDEX tags_app_name_key');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('CREATE UNIQUE INDEX tags_app_name_key ON tags (app_id, lower(name))');
    await db.query('DROP INDEX tags_app_name_key_key');
    await db.query('ALTER TABLE tags DROP COLUMN name_key');
  }
}
