import pg from 'pg';
import { Database } from '../../src/db/database';
import { OrderDirection, UserOrderField, type UserFilter, type UserOrder } from '../../src/users/dto/user-filter.input';
import { encodeCursor } from '../../src/users/user-order';
import { pageQuery, runPageQuery } from '../../src/users/user-page-query';
import { newAppId } from '../support/harness';

/**
 * Paging a signup-date range in signup order: past a cursor, the bound on
 * the cursor's side is left out of the statement when the cursor is inside
 * the range (so the index scan starts at the cursor), and kept when it is not.
 * Either way a page holds exactly the range's users past the cursor.
 */

const appId = newAppId();
let db: Database;
/** One user an hour from 2025-01-01, two of them at the same moment every tenth hour (ties go by id). */
const HOURS = 60;
const start = Date.UTC(2025, 0, 1);
const hour = (n: number) => new Date(start + n * 3_600_000);
const range = { from: hour(15), to: hour(45) };
const filter: UserFilter = { signedUp: range };

interface Row {
  id: string;
  signedUpAt: Date;
}
let rows: Row[];

beforeAll(async () => {
  db = new Database(process.env.DATABASE_URL!, 2);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const moments = Array.from({ length: HOURS }, (_, n) => hour(n)).flatMap((at, n) => (n % 10 === 0 ? [at, at] : [at]));
  rows = (
    await client.query<Row>(
      `INSERT INTO users (app_id, email, signed_up_at)
       SELECT $1, 'r' || n || '@example.com', at FROM unnest($2::timestamptz[]) WITH ORDINALITY AS m(at, n)
       RETURNING id, signed_up_at AS "signedUpAt"`,
      [appId, moments],
    )
  ).rows;
  await client.end();
});
afterAll(() => db.close());

const ordered = (order: UserOrder, items: readonly Row[]) => {
  const sign = order.direction === OrderDirection.ASC ? 1 : -1;
  return [...items].sort((a, b) => sign * (a.signedUpAt.getTime() - b.signedUpAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
};
const inRange = (row: Row) => row.signedUpAt >= range.from && row.signedUpAt < range.to;

/** Every page of the range, 7 at a time, from `after` on. */
async function pages(order: UserOrder, after?: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await runPageQuery(db, pageQuery(appId, { filter, orderBy: order, first: 7, after }));
    ids.push(...page.users.map((user) => user.id));
    if (!page.hasNextPage) return ids;
    const last = page.users.at(-1)!;
    after = encodeCursor(order, { key: last.sortKey, id: last.id });
  }
}

/** The cursor of a row, as the API would have handed it out. */
async function cursorAt(order: UserOrder, row: Row): Promise<string> {
  const [key] = await db.query<{ key: string }>(`SELECT signed_up_at::text AS key FROM users WHERE id = $1`, [row.id]);
  return encodeCursor(order, { key: key!.key, id: row.id });
}

const ORDERS: UserOrder[] = [
  { field: UserOrderField.SIGNED_UP_AT, direction: OrderDirection.DESC },
  { field: UserOrderField.SIGNED_UP_AT, direction: OrderDirection.ASC },
];

describe.each(ORDERS)('signup order $direction', (order) => {
  test('every page of the range holds its users once, in order', async () => {
    const want = ordered(order, rows.filter(inRange)).map((row) => row.id);
    expect(want.length).toBeGreaterThan(20);
    expect(await pages(order)).toEqual(want);
  });

  test('a cursor from before the range (the unfiltered list) gives the whole range after it', async () => {
    const all = ordered(order, rows);
    const before = all[all.findIndex(inRange) - 3]!;
    expect(inRange(before)).toBe(false);
    expect(await pages(order, await cursorAt(order, before))).toEqual(ordered(order, rows.filter(inRange)).map((row) => row.id));
  });

  test('a cursor past the range gives nothing', async () => {
    const all = ordered(order, rows);
    const past = all[all.length - 2]!;
    expect(inRange(past)).toBe(false);
    expect(await pages(order, await cursorAt(order, past))).toEqual([]);
  });

  test("the range's bound on the cursor's side leaves the plan when the cursor is inside it", async () => {
    const all = ordered(order, rows);
    // As EXPLAIN prints a bound: "signed_up_at < '…'"; the cursor's row comparison reads "ROW(signed_up_at, id) < ROW(…)".
    const [startSide, endSide] =
      order.direction === OrderDirection.DESC ? ["signed_up_at < '", "signed_up_at >= '"] : ["signed_up_at >= '", "signed_up_at < '"];
    const plan = async (after: string) => {
      const query = pageQuery(appId, { filter, orderBy: order, first: 7, after });
      const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
      return JSON.stringify(row!['QUERY PLAN']);
    };
    const inside = await plan(await cursorAt(order, all.filter(inRange)[4]!));
    expect(inside).not.toContain(startSide);
    expect(inside).toContain(endSide);
    const outside = await plan(await cursorAt(order, all[all.findIndex(inRange) - 3]!));
    expect(outside).toContain(startSide);
  });
});
