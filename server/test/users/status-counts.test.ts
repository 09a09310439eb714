import pg from 'pg';
import { importCsv } from '../csv/support';
import { CREATE_USER } from '../support/fixtures';
import { type GraphQLClient, newAppId, startTestServer, type TestServer } from '../support/harness';

/**
 * The status counts (the tabs, totalCount with no filter or a status) come
 * from counts the database keeps as users change, by every path that changes
 * them, and always agree with counting the users.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function counted(appId: string) {
  const [row] = await server.db.query<{ all: number; active: number; banned: number }>(
    `SELECT count(*)::int AS all, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active, count(*) FILTER (WHERE status = 'BANNED')::int AS banned
       FROM users WHERE app_id = $1`,
    [appId],
  );
  return row!;
}

async function expectAgreement(admin: GraphQLClient, appId: string) {
  const truth = await counted(appId);
  const { userCounts, all, banned } = await admin.ok(
    '{ userCounts { all active banned estimated } all: users { totalCount totalCountEstimated } banned: users(filter: { status: BANNED }) { totalCount } }',
  );
  expect(userCounts).toEqual({ ...truth, estimated: false });
  expect([all.totalCount, all.totalCountEstimated, banned.totalCount]).toEqual([truth.all, false, truth.banned]);
  return truth;
}

test('every path that adds, bans, unbans or deletes users keeps the counts exact', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const ids: string[] = [];
  for (let index = 0; index < 3; index += 1) ids.push((await admin.ok(CREATE_USER, { input: { email: `c${index}@example.com` } })).createUser.id);
  expect(await expectAgreement(admin, appId)).toEqual({ all: 3, active: 3, banned: 0 });

  const job = await importCsv(server, appId, 'email,status\nd@example.com,BANNED\ne@example.com,ACTIVE\nc0@example.com,BANNED\n');
  expect([job.created, job.updated]).toEqual([2, 1]);
  expect(await expectAgreement(admin, appId)).toEqual({ all: 5, active: 3, banned: 2 });

  await admin.ok('mutation($ids: [ID!]!) { setUsersStatus(ids: $ids, status: BANNED, reason: "counts") }', { ids: ids.slice(1) });
  await admin.ok('mutation($id: ID!) { setUserStatus(id: $id, status: ACTIVE) { id } }', { id: ids[0] });
  expect(await expectAgreement(admin, appId)).toEqual({ all: 5, active: 2, banned: 3 });

  await admin.ok('mutation($ids: [ID!]!) { deleteUsers(ids: $ids) }', { ids: [ids[1]] });
  await admin.ok('mutation($id: ID!) { deleteUser(id: $id) }', { id: ids[2] });
  expect(await expectAgreement(admin, appId)).toEqual({ all: 3, active: 2, banned: 1 });

  const { startBulkJob } = await admin.ok(
    'mutation { startBulkJob(input: { action: BAN, filter: { status: ACTIVE }, expectedCount: 2, reason: "all" }) { id } }',
  );
  for (;;) {
    const { bulkJob } = await admin.ok('query($id: ID!) { bulkJob(id: $id) { status } }', { id: startBulkJob.id });
    if (bulkJob.status === 'SUCCEEDED') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await expectAgreement(admin, appId)).toEqual({ all: 3, active: 0, banned: 3 });

  // Folding the kept rows changes no count; another app's are its own.
  await server.jobs.compactStatusCounts();
  const [rows] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_status_counts WHERE app_id = $1', [appId]);
  expect(rows!.n).toBeLessThanOrEqual(2);
  expect(await expectAgreement(admin, appId)).toEqual({ all: 3, active: 0, banned: 3 });
  expect(await expectAgreement(await server.client(newAppId(), 'admin'), 'nobody')).toEqual({ all: 0, active: 0, banned: 0 });
});

test('the status counts cost no scan of the users: one statement, however many users', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  await importCsv(server, appId, `email\n${Array.from({ length: 2_000 }, (_, index) => `bulk${index}@example.com`).join('\n')}\n`);
  await admin.ok('query Tabs { userCounts { all active banned } }');
  await new Promise((resolve) => setImmediate(resolve));
  const line = server.logs.filter((entry) => entry.msg === 'request' && entry.operation === 'Tabs').at(-1);
  expect(line?.sql).toBeLessThanOrEqual(2);
  const [plan] = await server.db.query<{ plan: unknown }>(
    `EXPLAIN (FORMAT JSON) SELECT status, sum(delta)::int AS users FROM user_status_counts WHERE app_id = $1 GROUP BY status`,
    [appId],
  );
  expect(JSON.stringify(plan)).not.toMatch(/"Relation Name":"users"/);
});

test("an update's status moves are counted in one pass over its rows, whatever joins the session allows", async () => {
  // The import turns hash and merge joins off for its statements; the trigger
  // must not then compare every old row with every new one (see the
  // StatusCountsWithoutJoin migration). auto_explain shows the plan the
  // trigger ran on this very connection.
  const appId = newAppId();
  await importCsv(server, appId, `email\n${Array.from({ length: 300 }, (_, index) => `moved${index}@example.com`).join('\n')}\n`);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const plans: string[] = [];
  client.on('notice', (notice) => plans.push(notice.message ?? ''));
  await client.connect();
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET client_min_messages = log`);
    await client.query('BEGIN; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
    await client.query(`UPDATE users SET name = 'moved' WHERE app_id = $1`, [appId]);
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
  const counting = plans.filter((plan) => plan.includes('INSERT INTO user_status_counts'));
  expect(counting).toHaveLength(1);
  expect(counting[0]).toMatch(/Named Tuplestore Scan/);
  expect(counting[0]).not.toMatch(/Nested Loop|Hash Join|Merge Join/);
});
