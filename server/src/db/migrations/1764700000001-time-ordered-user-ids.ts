import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New users get time-ordered ids (UUID version 7: 48 bits of milliseconds,
 * then random bits). A random id sends every insert to a random leaf of the
 * primary key and of the last-access index (where every new user shares the
 * "never" key and sorts by id), and after each checkpoint the first change to
 * a page writes the whole page to the WAL: an import paid that once per row.
 * Ordered ids append to a few hot pages instead; a 5,000-row insert into two
 * million users took half the time. Ids stay opaque and unguessable (74
 * random bits); they reveal only when the user was created, which
 * `createdAt` tells anyway. Existing ids are kept.
 */
export class TimeOrderedUserIds1764700000001 implements MigrationInterface {
  name = 'TimeOrderedUserIds1764700000001';

  async up(db: QueryRunner): Promise<void> {
    // A version 4 UUID with its first 48 bits replaced by the Unix time in
    // milliseconds and its version nibble turned from 4 (0100) into 7 (0111).
    await db.query(`
      CREATE FUNCTION public.um_uuid_v7() RETURNS uuid
      LANGUAGE sql VOLATILE PARALLEL SAFE
      RETURN pg_catalog.encode(
        pg_catalog.set_bit(pg_catalog.set_bit(
          pg_catalog.overlay(
            pg_catalog.uuid_send(pg_catalog.gen_random_uuid()),
            pg_catalog.substr(pg_catalog.int8send(
              pg_catalog.floor(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) * 1000)::bigint), 3),
            1, 6),
          52, 1), 53, 1),
        'hex')::uuid`);
    await db.query(`ALTER TABLE users ALTER COLUMN id SET DEFAULT public.um_uuid_v7()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await db.query(`DROP FUNCTION public.um_uuid_v7()`);
  }
}
