import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search terms of one or two characters have no trigram, so the trigram
 * index cannot find them: they were matched by reading every user of the app
 * (about 200 ms at a million, for "zq" that matches nobody). They now match
 * the start of a word, through an index of the one- and two-character
 * prefixes of every word in the folded search text. Words are what lies
 * between spaces and ASCII punctuation, so the rule does not depend on the
 * database's locale. The prefixes are a stored column, computed once when
 * the row is written (about 8 µs a row): checking them on a row is then an
 * array lookup, where computing them there cost as much again for every row
 * a page walked. Postgres keeps statistics of each prefix's frequency (most
 * common elements), so a rare prefix costs one index probe and a common one
 * a short walk of the order index. A generated column cannot read another,
 * so the column folds the same text as search_text does.
 */
export class WordPrefixes1765100000001 implements MigrationInterface {
  name = 'WordPrefixes1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION public.um_word_prefixes(folded text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN ARRAY(
        SELECT DISTINCT pg_catalog.left(word, size)
          FROM pg_catalog.regexp_split_to_table(folded, '[[:space:]!-/:-@[-\`{-~]+') AS word, (VALUES (1), (2)) AS sizes(size)
         WHERE word <> '')`);
    await db.query(`
      ALTER TABLE users ADD COLUMN word_prefixes text[] NOT NULL GENERATED ALWAYS AS (
        public.um_word_prefixes(public.um_fold(email || ' ' || coalesce(name, '') || ' ' || public.um_profile_text(profile)))
      ) STORED`);
    await db.query(`CREATE INDEX users_word_prefixes ON users USING gin (word_prefixes)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN word_prefixes`);
    await db.query(`DROP FUNCTION public.um_word_prefixes(text)`);
  }
}
