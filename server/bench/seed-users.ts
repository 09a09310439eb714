import { foldedKey } from '../src/common/text';
import type { Database } from '../src/db/database';

export const BENCH_FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'José',
  'Zoë',
  'Søren',
  'Chloé',
  'Aiko',
  'Mateo',
  'Priya',
  'Olu',
  'Fatima',
  'Noah',
  'Emma',
  'Liam',
  'Mia',
  'Lucas',
  'Hannah',
];
/** Ten last names, so each is on a tenth of the users (docs/performance.md's "hopper": 100k of 1M). */
export const BENCH_LAST_NAMES = ['Hopper', 'Lovelace', 'Turing', 'Torvalds', 'Hamilton', 'García', 'Müller', 'Dubois', 'Tanaka', 'Okafor'];

/** Tag names by share of users: docs/performance.md's mix, plus 40 bucket tags one per user. */
export const BENCH_TAGS = {
  half: 'tag-a-50pct',
  third: 'tag-b-33pct',
  tenth: 'tag-c-10pct',
  rare: 'tag-rare-0.1pct',
  bucket: (index: number) => `bucket-${String(index).padStart(2, '0')}`,
};
const BUCKETS = 40;

export interface SeedOptions {
  /** Rows per INSERT statement. */
  chunk?: number;
  /** Email prefix, so two seeds into one app do not collide. */
  prefix?: string;
  log?: (message: string) => void;
}

/**
 * Fills an app with `count` synthetic users, set-based (one INSERT … SELECT
 * per chunk): 44 tags of varied frequency, 5% banned, signups spread over
 * three years, 80% with a last access, a few profile values. Deterministic:
 * user n always gets the same values.
 */
export async function seedUsers(db: Database, appId: string, count: number, options: SeedOptions = {}): Promise<void> {
  const chunk = options.chunk ?? 100_000;
  const prefix = options.prefix ?? 'u';
  const tagNames = [
    BENCH_TAGS.half,
    BENCH_TAGS.third,
    BENCH_TAGS.tenth,
    BENCH_TAGS.rare,
    ...Array.from({ length: BUCKETS }, (_, index) => BENCH_TAGS.bucket(index)),
  ];
  await db.execute(
    `INSERT INTO tags (app_id, name, name_key, color) SELECT $1, name, key, '#3b82f6' FROM unnest($2::text[], $3::text[]) AS t(name, key)
     ON CONFLICT (app_id, name_key) DO NOTHING`,
    [appId, tagNames, tagNames.map(foldedKey)],
  );
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await db.execute(
      `WITH tag AS (
         SELECT array_agg(id ORDER BY ordinality) AS ids
           FROM unnest($2::text[]) WITH ORDINALITY AS wanted(name, ordinality)
           JOIN tags ON tags.app_id = $1 AND tags.name = wanted.name
       ), n AS (
         SELECT n, abs(hashint4(n)::bigint) AS h1, abs(hashint4(n + 7919)::bigint) AS h2, abs(hashint4(n + 104729)::bigint) AS h3
           FROM generate_series($3::int, $4::int) AS n
       )
       INSERT INTO users (app_id, email, name, status, profile, tag_ids, signed_up_at, banned_at, ban_reason)
       SELECT $1,
              $6 || n || '@example.com',
              ($7::text[])[1 + h1 % 20] || ' ' || ($8::text[])[1 + n % 10],
              CASE WHEN h2 % 100 < 5 THEN 'BANNED' ELSE 'ACTIVE' END,
              jsonb_build_object('company', 'Company ' || (h3 % 5000), 'plan', (ARRAY['Free', 'Pro', 'Enterprise'])[1 + h3 % 3], 'seats', 1 + h1 % 200),
              array_remove(ARRAY[
                CASE WHEN h1 % 1000 < 500 THEN tag.ids[1] END,
                CASE WHEN h2 % 1000 < 330 THEN tag.ids[2] END,
                CASE WHEN h3 % 1000 < 100 THEN tag.ids[3] END,
                CASE WHEN (h1 / 1000) % 1000 = 0 THEN tag.ids[4] END,
                tag.ids[5 + n % ${BUCKETS}]
              ], NULL),
              $5::timestamptz - make_interval(secs => (h2 % (3 * 365 * 86400))),
              CASE WHEN h2 % 100 < 5 THEN $5::timestamptz - make_interval(secs => (h3 % (30 * 86400))) END,
              CASE WHEN h2 % 100 < 5 THEN 'Spam' END
         FROM n, tag`,
      [appId, tagNames, start, end, '2026-11-01T00:00:00Z', prefix, BENCH_FIRST_NAMES, BENCH_LAST_NAMES],
    );
    await db.execute(
      `UPDATE user_last_access AS last_access SET at = $5::timestamptz - make_interval(secs => (abs(hashint4(n)::bigint) % (60 * 86400)))
         FROM generate_series($2::int, $3::int) AS n
         JOIN users ON users.app_id = $1 AND users.email = $4 || n || '@example.com'
        WHERE last_access.user_id = users.id AND abs(hashint4(n + 104729)::bigint) % 10 < 8`,
      [appId, start, end, prefix, '2026-11-01T00:00:00Z'],
    );
    options.log?.(`seeded ${end.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} users into ${appId}`);
  }
}

/** How many users an app holds (to skip seeding when a kept database has them). */
export async function countUsers(db: Database, appId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users WHERE app_id = $1', [appId]);
  return row!.count;
}
