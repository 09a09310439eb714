import pg from 'pg';
import { Database } from '../../src/db/database';
import { OrderDirection, UserOrderField } from '../../src/users/dto/user-filter.input';
import { chooseDrivers, type SearchPlan, SearchTerms, WALK_AT_LEAST, walkOrIndex } from '../../src/users/search-terms';
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

function expected(search: string): string[] {
  const terms = search.split(/\s+/).filter(Boolean);
  return people
    .filter((person) => {
      const text = fold([person.email, person.name, ...Object.values(person.profile)].join(' '));
      return terms.every((term) => {
        if ([...term].length >= 3) return text.includes(fold(term));
        const bare = fold(term.replace(/[\s!-/:-@[-`{-~]/gu, ''));
        return bare === '' || words(text).some((word) => word.startsWith(bare));
      });
    })
    .map((person) => person.email)
    .sort();
}

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
  await client.end();
});
afterAll(() => db.close());

const ORDER = { field: UserOrderField.NAME, direction: OrderDirection.ASC };

async function found(search: string, driving?: ReadonlySet<number>, indexFirst = false, walk?: SearchPlan['walk']): Promise<string[]> {
  const emails: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runPageQuery(db, pageQuery(appId, { filter: { search }, orderBy: ORDER, first: 7, after }, { driving, indexFirst, walk }));
    emails.push(...page.users.map((user) => user.email));
    if (!page.hasNextPage) return emails.sort();
    const last = page.users.at(-1)!;
    after = encodeCursor(ORDER, { key: last.sortKey, id: last.id });
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
  // "grace hopper globex" as estimated at a million users: 5%, 10% and everyone, 0.5% together.
  const threeTerms = { terms: ['grace', 'hopper', 'globex'], shares: [0.05, 0.1, 1], driving: new Set([0, 1]), pageRows: 51 };
  const walk = walkOrIndex({ ...threeTerms, appRows: 1_000_000, matches: 5_000 });
  expect(walk).toMatchObject({ indexFirst: false, walk: { atMost: 4 * 51 * 200 } });
  // The same shares in an app of 100,000: the bitmap reads 500 rows, a walk 10,000.
  expect(walkOrIndex({ ...threeTerms, appRows: 100_000, matches: 500 })).toEqual({ driving: threeTerms.driving, indexFirst: true });
  // A walk bounded past the app's size reads the whole app at most: no bound, no second statement.
  expect(walkOrIndex({ ...threeTerms, shares: [0.5, 0.5, 1], appRows: 8_000, matches: 2_000 })).toMatchObject({ walk: { atMost: null } });
  // A bound is never under WALK_AT_LEAST rows, whatever the estimate expects.
  expect(walkOrIndex({ ...threeTerms, shares: [0.5, 0.5, 1], appRows: 1_000_000, matches: 250_000 })).toMatchObject({ walk: { atMost: WALK_AT_LEAST } });
});
