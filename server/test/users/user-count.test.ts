import pg from 'pg';
import { Database } from '../../src/db/database';
import { countUsers } from '../../src/users/user-count';
import { newAppId } from '../support/harness';

const appId = newAppId();
let db: Database;

beforeAll(async () => {
  db = new Database(process.env.DATABASE_URL!, 2);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    `INSERT INTO users (app_id, email, status) SELECT $1, 'count' || n || '@example.com', CASE WHEN n % 4 = 0 THEN 'BANNED' ELSE 'ACTIVE' END
       FROM generate_series(1, 40) AS n`,
    [appId],
  );
  await client.end();
});
afterAll(() => db.close());

const SELECT = `count(*)::int AS all, count(*) FILTER (WHERE status = 'BANNED')::int AS banned`;

test('within the budget the count is exact', async () => {
  expect(await countUsers(db, appId, SELECT, ['app_id = $1'], [appId])).toEqual({ counts: { all: 40, banned: 10 }, estimated: false });
});

// Each row sleeps 5 ms: 40 rows cannot be counted in 20 ms.
const SLOW = ['app_id = $1', 'pg_sleep(0.005) IS NOT NULL'];

test('past the budget a large app is estimated from a sample, and says so', async () => {
  // smallAppUsers 0: every app counts as large.
  const { counts, estimated } = await countUsers<{ all: number; banned: number }>(db, appId, SELECT, SLOW, [appId], { budgetMs: 20, smallAppUsers: 0 });
  expect(estimated).toBe(true);
  // A 1% sample scaled by 100: whatever it found, every figure is a multiple of 100.
  expect(counts.all % 100).toBe(0);
  expect(counts.banned % 100).toBe(0);
  expect(counts.banned).toBeLessThanOrEqual(counts.all);
});

test('a small app is counted exactly even past the budget', async () => {
  // 40 users: a 1% sample would find almost none of them and say "≈0".
  expect(await countUsers(db, appId, SELECT, SLOW, [appId], { budgetMs: 20 })).toEqual({ counts: { all: 40, banned: 10 }, estimated: false });
});

test('the budget belongs to its own connections: other statements are not cut short', async () => {
  await countUsers(db, appId, SELECT, SLOW, [appId], { budgetMs: 20, smallAppUsers: 0 });
  const [row] = await db.query<{ slept: boolean }>('SELECT pg_sleep(0.05) IS NOT NULL AS slept');
  expect(row!.slept).toBe(true);
});

test('when the planner expects more users than an exact count can reach in time, the sample answers without trying', async () => {
  // The same count, with a budget it would meet: past the cap it is estimated (a multiple of 100), under it exact.
  const capped = await countUsers<{ all: number; banned: number }>(db, appId, SELECT, ['app_id = $1'], [appId], {
    budgetMs: 10_000,
    smallAppUsers: 0,
    exactMaxRows: 0,
  });
  expect(capped.estimated).toBe(true);
  expect(capped.counts.all % 100).toBe(0);
  expect(await countUsers(db, appId, SELECT, ['app_id = $1'], [appId], { smallAppUsers: 0, exactMaxRows: 1_000 })).toEqual({
    counts: { all: 40, banned: 10 },
    estimated: false,
  });
  // A small app is counted exactly whatever the planner expects.
  expect(await countUsers(db, appId, SELECT, ['app_id = $1'], [appId], { exactMaxRows: 0 })).toEqual({ counts: { all: 40, banned: 10 }, estimated: false });
});
