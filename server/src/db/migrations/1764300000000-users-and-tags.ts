import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, tags and profile fields. Tags live on the user row as an id array with
 * a GIN index (docs/performance.md: 50x faster than a join table for all/any/none filters);
 * search reads one stored, folded text of email, name and profile values
 * through a trigram index.
 */
export class UsersAndTags1764300000000 implements MigrationInterface {
  name = 'UsersAndTags1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    // Case and accent folding for search and name order. unaccent() is only
    // STABLE because its dictionary could change; we pin the dictionary, which
    // makes the wrapper safe to index. Every name is schema-qualified so
    // maintenance jobs that run with an empty search_path still resolve them.
    await db.query(`
      CREATE FUNCTION public.um_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, value))`);
    await db.query(`
      CREATE FUNCTION public.um_profile_text(profile jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN (SELECT coalesce(pg_catalog.string_agg(entry.value, ' '), '')
              FROM pg_catalog.jsonb_each_text(profile) AS entry)`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        email text NOT NULL,
        name text,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'BANNED')),
        profile jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(profile) = 'object'),
        tag_ids uuid[] NOT NULL DEFAULT '{}',
        signed_up_at timestamptz NOT NULL DEFAULT now(),
        last_access_at timestamptz,
        banned_at timestamptz,
        ban_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_text text NOT NULL GENERATED ALWAYS AS (
          public.um_fold(email || ' ' || coalesce(name, '') || ' ' || public.um_profile_text(profile))
        ) STORED
      )`);
    await db.query(`CREATE UNIQUE INDEX users_app_email_key ON users (app_id, email)`);
    // Keyset order indexes, one per sort. The signup one covers status and tags
    // so a filtered page is answered from the index alone (docs/performance.md: 6 ms at 1M).
    await db.query(`
      CREATE INDEX users_signed_up_keyset ON users (app_id, signed_up_at DESC, id DESC)
      INCLUDE (status, tag_ids)`);
    await db.query(`
      CREATE INDEX users_last_access_keyset
      ON users (app_id, (coalesce(last_access_at, '-infinity'::timestamptz)) DESC, id DESC)`);
    await db.query(`
      CREATE INDEX users_name_keyset ON users (app_id, (public.um_fold(coalesce(name, email))), id)`);
    await db.query(`CREATE INDEX users_email_keyset ON users (app_id, email, id)`);
    await db.query(`CREATE INDEX users_tag_ids ON users USING gin (tag_ids)`);
    await db.query(`CREATE INDEX users_search_trgm ON users USING gin (search_text gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE tags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        name text NOT NULL,
        color text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX tags_app_name_key ON tags (app_id, lower(name))`);

    await db.query(`
      CREATE TABLE profile_fields (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        app_id text NOT NULL,
        key text NOT NULL,
        label text NOT NULL,
        type text NOT NULL CHECK (type IN ('TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'SELECT')),
        required boolean NOT NULL DEFAULT false,
        options text[],
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX profile_fields_app_key_key ON profile_fields (app_id, key)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE profile_fields`);
    await db.query(`DROP TABLE tags`);
    await db.query(`DROP TABLE users`);
    await db.query(`DROP FUNCTION public.um_profile_text(jsonb)`);
    await db.query(`DROP FUNCTION public.um_fold(text)`);
  }
}
