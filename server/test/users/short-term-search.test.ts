import pg from 'pg';
import { Database } from '../../src/db/database';
import { OrderDirection, UserOrderField } from '../../src/users/dto/user-filter.input';
import { encodeCursor } from '../../src/users/user-order';
import { pageQuery, runPageQuery } from '../../src/users/user-page-query';
import { newAppId } from '../support/harness';

/**
 * A search term under three characters first walks a bounded part of the
 * order index, then falls back to a scan. With a probe of a few rows both
 * paths run here, and must give the same pages as each other and as a
 * plain filter in SQL.
 */

const appId = newAppId();
let db: Database;

beforeAll(async () => {
  db = new Database(process.env.DATABASE_URL!, 2);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // 60 users; every fifth has "qz" in its name, the rest do not.
  await client.query(
    `INSERT INTO users (app_id, email, name, signed_up_at)
     SELECT $1, 'short' || n || '@example.com', CASE WHEN n % 5 = 0 THEN 'Aqz ' || n ELSE 'Plain ' || n END,
            timestamptz '2025-01-01' + n * interval '1 hour'
       FROM generate_series(1, 60) AS n`,
    [appId],
  );
  await client.end();
});
afterAll(() => db.close());

const orders = [
  { field: UserOrderField.SIGNED_UP_AT, direction: OrderDirection.DESC },
  { field: UserOrderField.NAME, direction: OrderDirection.ASC },
  { field: UserOrderField.EMAIL, direction: OrderDirection.DESC },
];

async function allIds(search: string, orderBy: (typeof orders)[number], probeRows: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runPageQuery(db, pageQuery(appId, { filter: { search }, orderBy, first: 4, after }, probeRows));
    ids.push(...page.users.map((user) => user.email));
    if (!page.hasNextPage) return ids;
    const last = page.users.at(-1)!;
    after = encodeCursor(orderBy, { key: last.sortKey, id: last.id });
  }
}

test.each(orders)('probe and scan agree under %o', async (orderBy) => {
  const expected = await allIds('qz', orderBy, 1_000_000);
  expect(expected).toHaveLength(12);
  // A probe of 7 rows finds at most one match: every page falls back to the scan.
  expect(await allIds('qz', orderBy, 7)).toEqual(expected);
  // A probe of 30 rows fills some pages and falls back for others.
  expect(await allIds('qz', orderBy, 30)).toEqual(expected);
});

test('a short term nobody has gives an empty page either way', async () => {
  for (const probeRows of [3, 1_000_000]) {
    const page = await runPageQuery(db, pageQuery(appId, { filter: { search: 'zx' }, first: 10 }, probeRows));
    expect(page).toEqual({ users: [], hasNextPage: false });
  }
});
