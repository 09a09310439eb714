import pg from 'pg';
import { Database } from '../../src/db/database';
import { OrderDirection, type UserFilter, UserOrderField } from '../../src/users/dto/user-filter.input';
import { chooseDrivers, type SearchPlan, SearchTerms, WALK_AT_LEAST, walkOrIndex } from '../../src/users/search-terms';
import { UserStatus } from '../../src/users/dto/user.type';
import { parseUserFilter } from '../../src/users/user-filter';
import { encodeCursor } from '../../src/users/user-order';
import { countQuery, pageQuery, runPageQuery } from '../../src/users/user-page-query';
import { newAppId } from '../support/harness';

/**
 * Every search shape against a reference written here: a term of three
 * characters or more is a substring of the folded email, name and profile
 * values; a shorter one is the start of a word there. Each search must give
 * the same users whichever of its terms drive the index scan.
 */

const appId = newAppId();
let db: Database;

const FIRST = ['Ada', 'Grace', 'José', 'Zoë', 'Linus', 'Chioma'];
const LAST = ['Lovelace', 'Hopper', 'García', 'Müller', 'Okafor'];
interface Person {
  email: string;
  name: string;
  profile: Record<string, string>;
}
const people: Person[] = Array.from({ length: 60 }, (_, n) => ({
  email: `p${n}@example.com`,
  name: `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`,
  profile: { org: 'Globex Corporation', team: n % 7 === 0 ? 'Zyzzyva' : `Team ${n % 4}` },
}));

/** Folding as the test data needs it: case and the accents used above. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (text: string) => text.split(/[\s!-/:-@[-`{-~]+/u).filter(Boolean);

function hasTerms(person: Person, search: string): boolean {
  const text = fold([person.email, person.name, ...Object.values(person.profile)].join(' '));
  return search
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      if ([...term].length >= 3) return text.includes(fold(term));
      const bare = fold(term.replace(/[\s!-/:-@[-`{-~]/gu, ''));
      return bare === '' || words(text).some((word) => word.startsWith(bare));
    });
}

const expected = (search: string): string[] =>
  people
    .filter((person) => hasTerms(person, search))
    .map((person) => person.email)
    .sort();

/** Status, signup hour and tags of person n, set in SQL below. */
const banned = (n: number) => n % 5 === 0;
const TAGS = { red: (n: number) => n % 2 === 0, blue: (n: number) => n % 3 === 0, green: (n: number) => n % 7 === 1 };
type TagName = keyof typeof TAGS;
const tagIds = {} as Record<TagName, string>;
const hour = (n: number) => new Date(Date.UTC(2025, 0, 1, n));

beforeAll(async () => {
  db = new Database(process.env.DATABASE_URL!, 2);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    `INSERT INTO users (app_id, email, name, profile, signed_up_at)
     SELECT $1, p.email, p.name, p.profile, timestamptz '2025-01-01' + p.n * interval '1 hour'
       FROM jsonb_to_recordset($2::jsonb) AS p(email text, name text, profile jsonb, n int)`,
    [appId, JSON.stringify(people.map((person, n) => ({ ...person, n })))],
  );
  for (const name of Object.keys(TAGS) as TagName[]) {
    const { rows } = await client.query<{ id: string }>(`INSERT INTO tags (app_id, name, name_key, color) VALUES ($1, $2, $2, '#888888') RETURNING id`, [
      appId,
      name,
    ]);
    tagIds[name] = rows[0]!.id;
  }
  const tagsOf = (n: number) => (Object.keys(TAGS) as TagName[]).filter((name) => TAGS[name](n)).map((name) => tagIds[name]);
  await client.query(
    `UPDATE users SET status = p.status, tag_ids = p.tag_ids
       FROM jsonb_to_recordset($2::jsonb) AS p(email text, status text, tag_ids uuid[])
      WHERE users.app_id = $1 AND users.email = p.email`,
    [appId, JSON.stringify(people.map((person, n) => ({ email: person.email, status: banned(n) ? 'BANNED' : 'ACTIVE', tag_ids: tagsOf(n) })))],
  );
  await client.end();
});
afterAll(() => db.close());

const ORDER = { field: UserOrderField.NAME, direction: OrderDirection.ASC };

async function found(
  search: string | UserFilter,
  driving?: ReadonlySet<number>,
  indexFirst = false,
  walk?: SearchPlan['walk'],
  orderBy = ORDER,
): Promise<string[]> {
  const filter = typeof search === 'string' ? { search } : search;
  const emails: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runPageQuery(db, pageQuery(appId, { filter, orderBy, first: 7, after }, { driving, indexFirst, walk }));
    emails.push(...page.users.map((user) => user.email));
    if (!page.hasNextPage) return emails.sort();
    const last = page.users.at(-1)!;
    after = encodeCursor(orderBy, { key: last.sortKey, id: last.id });
  }
}

const SHAPES = [
  ['one term in every profile', 'globex'],
  ['a selective term', 'zyzzyva'],
  ['a term nobody has', 'xylophone'],
  ['three terms, one in every profile', 'grace hopper globex'],
  ['a common and a rare term', 'globex zyzzyva'],
  ['an accented term matches the unaccented text', 'garcía'],
  ['an unaccented term matches the accented text', 'MULLER'],
  ['an email fragment', 'p12@'],
  ['one character, common', 'l'],
  ['two characters, common', 'ho'],
  ['two characters inside a word only', 'ci'],
  ['three characters inside a word', 'cia'],
  ['one character nobody starts a word with', 'q'],
  ['two characters nobody starts a word with', 'zq'],
  ['a short term with punctuation', '@e'],
  ['a short term of punctuation alone', '.'],
  ['an accented short term', 'zö'],
  ['short and long together', 'l hopper'],
  ['a term with LIKE wildcards', '%_%'],
] as const;

test.each(SHAPES)('%s (%s): the reference users, whichever terms drive', async (_shape, search) => {
  const want = expected(search);
  expect(await found(search)).toEqual(want);
  const terms = parseUserFilter({ search }).terms;
  for (let index = 0; index < terms.length; index += 1) {
    expect(await found(search, new Set([index]))).toEqual(want);
    expect(await found(search, new Set([index]), true)).toEqual(want);
  }
  // A walk that checks every term on the rows of the order: unbounded, bounded past the app's size, and stopped after 3 rows (then the index answers).
  for (const atMost of [null, 1_000, 3]) expect(await found(search, new Set([0]), false, { atMost })).toEqual(want);
  const plan = await new SearchTerms().plan(db, appId, parseUserFilter({ search }));
  expect(await found(search, plan.driving, plan.indexFirst)).toEqual(want);
  const chosen = plan.driving;
  const count = countQuery(appId, { search }, { driving: chosen });
  expect((await db.query<{ count: number }>(count.sql, count.params))[0]!.count).toBe(want.length);
});

/** Searches with a status, a signup range and tags, as the widget's filters send them; written with tag names. */
const COMBINED: Array<[string, { search: string; status?: UserStatus; from?: number; to?: number; all?: TagName[]; any?: TagName[]; none?: TagName[] }]> = [
  ['two terms, a status and a tag all must have', { search: 'globex team', status: UserStatus.ACTIVE, all: ['red'] }],
  ['two terms, a signup range, tags any and none', { search: 'grace globex', from: 5, to: 50, any: ['blue', 'green'], none: ['red'] }],
  [
    'a short and a long term, banned, since an hour, tags all and none',
    { search: 'ho globex', status: UserStatus.BANNED, from: 5, all: ['red'], none: ['blue'] },
  ],
  ['everything at once', { search: 'globex corporation', status: UserStatus.ACTIVE, from: 3, to: 57, all: ['red'], any: ['blue', 'green'], none: ['green'] }],
];

const asFilter = ({ search, status, from, to, all = [], any = [], none = [] }: (typeof COMBINED)[number][1]): UserFilter => ({
  search,
  status,
  signedUp: { from: from === undefined ? undefined : hour(from), to: to === undefined ? undefined : hour(to) },
  tags: { all: all.map((name) => tagIds[name]), any: any.map((name) => tagIds[name]), none: none.map((name) => tagIds[name]) },
});

const SIGNUP_ORDER = { field: UserOrderField.SIGNED_UP_AT, direction: OrderDirection.DESC };

test.each(COMBINED)('%s: the reference users, by the index, by Postgres and by every walk, in each order', async (_shape, shape) => {
  const want = people
    .filter((person, n) => {
      const tagged = (names: TagName[] = []) => names.map((name) => TAGS[name](n));
      return (
        hasTerms(person, shape.search) &&
        (!shape.status || banned(n) === (shape.status === UserStatus.BANNED)) &&
        (shape.from === undefined || n >= shape.from) &&
        (shape.to === undefined || n < shape.to) &&
        tagged(shape.all).every(Boolean) &&
        (shape.any === undefined || tagged(shape.any).some(Boolean)) &&
        !tagged(shape.none).some(Boolean)
      );
    })
    .map((person) => person.email)
    .sort();
  expect(want.length).toBeGreaterThan(0);
  expect(want.length).toBeLessThan(30);
  const filter = asFilter(shape);
  for (const order of [SIGNUP_ORDER, ORDER]) {
    expect(await found(filter, undefined, false, undefined, order)).toEqual(want);
    expect(await found(filter, new Set([0]), true, undefined, order)).toEqual(want);
    // Walks that read every row of the range, 1,000 of them (more than the app), and 3 (then the index answers).
    for (const atMost of [null, 1_000, 3]) expect(await found(filter, new Set([0]), false, { atMost }, order)).toEqual(want);
    const plan = await new SearchTerms().plan(db, appId, parseUserFilter(filter), { rows: 8, order });
    expect(await found(filter, plan.driving, plan.indexFirst, plan.walk, order)).toEqual(want);
  }
});

test('a walk of banned users reads their own signup index, not every user', async () => {
  const banned = COMBINED.find(([, shape]) => shape.status === UserStatus.BANNED)![1];
  const query = pageQuery(
    appId,
    { filter: asFilter(banned), orderBy: SIGNUP_ORDER, first: 7 },
    { driving: new Set([0]), indexFirst: false, walk: { atMost: 1_000 } },
  );
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    // Sixty users are a table Postgres would rather read whole; the test asks which index, not whether.
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
    expect(JSON.stringify(rows[0]!['QUERY PLAN'])).toContain('"Index Name":"users_banned_signed_up"');
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
});

test('the reference is not trivially everyone or no one', () => {
  expect(expected('globex')).toHaveLength(60);
  expect(expected('zyzzyva')).toHaveLength(9);
  expect(expected('ci')).toEqual([]);
  expect(expected('cia').length).toBeGreaterThan(0);
  expect(expected('l').length).toBeGreaterThan(0);
  expect(expected('l').length).toBeLessThan(60);
});

test('the drivers are the terms under a fifth of the app, or else the rarest', () => {
  expect([...chooseDrivers([1, 0.05, 0.5])]).toEqual([1]);
  expect([...chooseDrivers([0.1, 0.05, 0.9])]).toEqual([0, 1]);
  expect([...chooseDrivers([0.9, 0.3, 0.5])]).toEqual([1]);
});

test('common terms together walk the order at a million users, and come from the index in a small app', () => {
  // "grace hopper globex" as estimated at a million users: 5%, 10% and everyone, 0.5% together; grace's three trigrams and hopper's four.
  const driving = new Set([0, 1]);
  const postings = (appRows: number) => 3 * 0.05 * appRows + 4 * 0.1 * appRows;
  const threeTerms = { pageRows: 51 };
  const walk = walkOrIndex({ ...threeTerms, walkedRows: 1_000_000, matches: 5_000, indexRows: 5_000, postings: postings(1_000_000) }, driving);
  expect(walk).toMatchObject({ indexFirst: false, walk: { atMost: 4 * 51 * 200 } });
  // The same shares in an app of 100,000: the bitmap reads 500 rows, a walk 10,000.
  expect(walkOrIndex({ ...threeTerms, walkedRows: 100_000, matches: 500, indexRows: 500, postings: postings(100_000) }, driving)).toEqual({
    driving,
    indexFirst: true,
  });
  // A walk bounded past the rows it reads reads them all at most: no bound, no second statement.
  expect(walkOrIndex({ ...threeTerms, walkedRows: 8_000, matches: 2_000, indexRows: 2_000, postings: 30_000 }, driving)).toMatchObject({
    walk: { atMost: null },
  });
  // A bound is never under WALK_AT_LEAST rows, whatever the estimate expects.
  expect(walkOrIndex({ ...threeTerms, walkedRows: 1_000_000, matches: 250_000, indexRows: 250_000, postings: 1_000_000 }, driving)).toMatchObject({
    walk: { atMost: WALK_AT_LEAST },
  });
});

test('terms with common tags walk the signup range; a rare tag comes from the index', () => {
  // "everything combined" at a million users as the planner saw it after an import: ACTIVE over two years of signups,
  // "grace globex", tags all [half] any [third, rare] none [bucket]: 846 matches (5,156 in fact, the tags go together).
  // The index would decode grace's trigrams (100,000 users) and the posting lists of half, third and rare (831,000).
  const combined = { walkedRows: 666_000, matches: 846, indexRows: 14_000, postings: 3 * 100_000 + 831_000, pageRows: 51 };
  expect(walkOrIndex(combined, new Set([0]))).toMatchObject({ indexFirst: false, walk: { atMost: Math.ceil(4 * ((51 * 666_000) / 846)) } });
  // The same with only the rare tag (1,000 users): the index hands over a handful of rows.
  expect(walkOrIndex({ ...combined, matches: 5, indexRows: 10, postings: 3 * 100_000 + 1_000 }, new Set([0]))).toEqual({
    driving: new Set([0]),
    indexFirst: true,
  });
});
