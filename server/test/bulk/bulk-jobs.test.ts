import { newAppId, startTestServer, type GraphQLClient, type TestServer } from '../support/harness';
import { createTag } from '../support/fixtures';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';

const START = `mutation($input: BulkJobInput!) { startBulkJob(input: $input) { id status action total processed changed } }`;
const JOB = `query($id: ID!) { bulkJob(id: $id) { id status action total processed changed message } }`;
const COUNT = `query($filter: UserFilter) { users(filter: $filter, first: 0) { totalCount } }`;

let database: OwnDatabase;
let server: TestServer;

beforeAll(async () => {
  // A database of its own: the servers of other test files would run these jobs too, in batches of their own size.
  database = await createOwnDatabase('um_bulk');
  // Small batches, so a job of a few thousand users is many transactions.
  server = await startTestServer({}, { databaseUrl: database.url, lifecycle: { jobs: false, bulkBatchSize: 50 } });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

/** `count` users in the app by SQL, signups a minute apart, every third with "vip" in their name. */
async function seedUsers(appId: string, count: number, prefix = 'user'): Promise<void> {
  await server.db.execute(
    `INSERT INTO users (app_id, email, name, signed_up_at)
     SELECT $1, $2 || g || '@bulk.example', CASE WHEN g % 3 = 0 THEN 'VIP ' ELSE 'Plain ' END || g, now() - g * interval '1 minute'
       FROM generate_series(1, $3) AS g`,
    [appId, prefix, count],
  );
}

async function waitForJob(client: GraphQLClient, id: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { bulkJob } = await client.ok(JOB, { id });
    if (bulkJob.status === 'SUCCEEDED' || bulkJob.status === 'FAILED') return bulkJob;
    if (Date.now() > deadline) throw new Error(`The bulk job did not finish: ${JSON.stringify(bulkJob)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a bulk ban changes exactly the users the filter matched, each with its reason, end and history entry, and no other app', async () => {
  const appId = newAppId();
  const otherApp = newAppId();
  await seedUsers(appId, 600);
  await seedUsers(otherApp, 30);
  const manager = await server.client(appId, 'manager');
  const filter = { search: 'vip' };
  const until = new Date(Date.now() + 86_400_000).toISOString();
  const { startBulkJob } = await manager.ok(START, { input: { action: 'BAN', filter, expectedCount: 200, reason: 'Spam wave', bannedUntil: until } });
  expect(startBulkJob).toMatchObject({ action: 'BAN', total: 200, processed: 0 });
  const job = await waitForJob(manager, startBulkJob.id);
  expect(job).toMatchObject({ status: 'SUCCEEDED', total: 200, processed: 200, changed: 200, message: null });

  const banned = await server.db.query<{ name: string; reason: string; until: Date; by: string }>(
    `SELECT name, ban_reason AS reason, banned_until AS until, banned_by AS by FROM users WHERE app_id = $1 AND status = 'BANNED'`,
    [appId],
  );
  expect(banned).toHaveLength(200);
  expect(banned.every((user) => user.name.startsWith('VIP') && user.reason === 'Spam wave' && user.by === 'manager@test')).toBe(true);
  expect(new Set(banned.map((user) => user.until.toISOString()))).toEqual(new Set([until]));
  const [{ entries }] = (await server.db.query<{ entries: number }>(
    `SELECT count(*)::int AS entries FROM audit_log WHERE app_id = $1 AND action = 'user.banned'`,
    [appId],
  )) as [{ entries: number }];
  expect(entries).toBe(200);
  expect(await server.db.query(`SELECT 1 FROM users WHERE app_id = $1 AND status = 'BANNED'`, [otherApp])).toHaveLength(0);
  // The other app cannot see the job.
  expect((await (await server.client(otherApp, 'admin')).ok(JOB, { id: startBulkJob.id })).bulkJob).toBeNull();
});

test('tags by filter: added to every match, taken off again; the counts agree with SQL', async () => {
  const appId = newAppId();
  await seedUsers(appId, 450);
  const admin = await server.client(appId, 'admin');
  const tag = await createTag(admin, 'Campaign');
  const { startBulkJob: added } = await admin.ok(START, { input: { action: 'ADD_TAGS', filter: { search: 'plain' }, expectedCount: 300, tagIds: [tag.id] } });
  expect(await waitForJob(admin, added.id)).toMatchObject({ status: 'SUCCEEDED', processed: 300, changed: 300 });
  const tagged = (
    await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]`, [appId, tag.id])
  )[0]!.n;
  expect(tagged).toBe(300);
  expect((await admin.ok(COUNT, { filter: { tags: { all: [tag.id] } } })).users.totalCount).toBe(300);

  const { startBulkJob: removed } = await admin.ok(START, {
    input: { action: 'REMOVE_TAGS', filter: { tags: { all: [tag.id] } }, expectedCount: 300, tagIds: [tag.id] },
  });
  expect(await waitForJob(admin, removed.id)).toMatchObject({ status: 'SUCCEEDED', processed: 300, changed: 300 });
  expect((await admin.ok(COUNT, { filter: { tags: { all: [tag.id] } } })).users.totalCount).toBe(0);
});

test('a count that is not what the filter matches now is a CONFLICT with the count, and nothing starts', async () => {
  const appId = newAppId();
  await seedUsers(appId, 40);
  const manager = await server.client(appId, 'manager');
  const error = await manager.error(START, { input: { action: 'UNBAN', filter: {}, expectedCount: 39 } });
  expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedCount', count: 40 });
  expect(error.message).toMatch(/matches 40 users now, not the 39 confirmed/);
  expect(await server.db.query(`SELECT 1 FROM bulk_jobs WHERE app_id = $1`, [appId])).toHaveLength(0);
});

test('roles and bad input: viewers start nothing, managers do not delete, and every mistake names its field', async () => {
  const appId = newAppId();
  await seedUsers(appId, 10);
  const viewer = await server.client(appId, 'viewer');
  const manager = await server.client(appId, 'manager');
  const admin = await server.client(appId, 'admin');
  expect((await viewer.error(START, { input: { action: 'BAN', filter: {}, expectedCount: 10 } })).extensions?.code).toBe('FORBIDDEN');
  expect((await manager.error(START, { input: { action: 'DELETE', filter: {}, expectedCount: 10 } })).extensions?.code).toBe('FORBIDDEN');
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ action: 'BAN', filter: { search: 'x'.repeat(101) }, expectedCount: 0 }, 'BAD_USER_INPUT', 'input.filter.search'],
    [
      { action: 'BAN', filter: { signedUp: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, expectedCount: 0 },
      'BAD_USER_INPUT',
      'input.filter.signedUp',
    ],
    [{ action: 'BAN', filter: { tags: { all: ['not-an-id'] } }, expectedCount: 0 }, 'BAD_USER_INPUT', 'input.filter.tags.all'],
    [{ action: 'BAN', filter: {}, expectedCount: 10, bannedUntil: '2001-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.bannedUntil'],
    [{ action: 'UNBAN', filter: {}, expectedCount: 10, reason: 'why' }, 'BAD_USER_INPUT', 'input.reason'],
    [{ action: 'ADD_TAGS', filter: {}, expectedCount: 10 }, 'BAD_USER_INPUT', 'input.tagIds'],
    [{ action: 'ADD_TAGS', filter: {}, expectedCount: 10, tagIds: ['7c9e6679-7425-40de-944b-e07fc1f90ae7'] }, 'NOT_FOUND', 'input.tagIds'],
    [{ action: 'BAN', filter: {}, expectedCount: -1 }, 'BAD_USER_INPUT', 'input.expectedCount'],
  ];
  for (const [input, code, field] of cases) {
    const error = await admin.error(START, { input });
    expect([JSON.stringify(input), error.extensions?.code, error.extensions?.field]).toEqual([JSON.stringify(input), code, field]);
  }
  expect(await server.db.query(`SELECT 1 FROM bulk_jobs WHERE app_id = $1`, [appId])).toHaveLength(0);
});

test('a bulk delete removes the matched users for good, as deleteUser does; deleteUsers takes ids', async () => {
  const appId = newAppId();
  await seedUsers(appId, 120);
  const admin = await server.client(appId, 'admin');
  const { startBulkJob } = await admin.ok(START, { input: { action: 'DELETE', filter: { search: 'vip' }, expectedCount: 40 } });
  expect(await waitForJob(admin, startBulkJob.id)).toMatchObject({ status: 'SUCCEEDED', processed: 40, changed: 40 });
  expect((await admin.ok(COUNT, {})).users.totalCount).toBe(80);
  expect((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE app_id = $1 AND action = 'user.deleted'`, [appId]))[0]!.n).toBe(
    40,
  );

  const ids = (await server.db.query<{ id: string }>(`SELECT id FROM users WHERE app_id = $1 ORDER BY id LIMIT 5`, [appId])).map((row) => row.id);
  const other = newAppId();
  await seedUsers(other, 1, 'elsewhere');
  const [{ id: foreign }] = (await server.db.query<{ id: string }>(`SELECT id FROM users WHERE app_id = $1`, [other])) as [{ id: string }];
  expect((await admin.ok(`mutation($ids: [ID!]!) { deleteUsers(ids: $ids) }`, { ids: [...ids, foreign] })).deleteUsers).toBe(5);
  expect((await admin.ok(COUNT, {})).users.totalCount).toBe(75);
  expect(await server.db.query(`SELECT 1 FROM users WHERE id = $1`, [foreign])).toHaveLength(1);
  expect((await (await server.client(appId, 'manager')).error(`mutation($ids: [ID!]!) { deleteUsers(ids: $ids) }`, { ids })).extensions?.code).toBe(
    'FORBIDDEN',
  );
});

test('a job whose run loses its connection half way is resumed by the next run and never does a user twice', async () => {
  const appId = newAppId();
  await seedUsers(appId, 3000);
  const admin = await server.client(appId, 'admin');
  const tag = await createTag(admin, 'Resumed');
  const { startBulkJob } = await admin.ok(START, { input: { action: 'ADD_TAGS', filter: {}, expectedCount: 3000, tagIds: [tag.id] } });
  // Kill the run's session once some batches, not all, are committed.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [job] = await server.db.query<{ processed: number }>(`SELECT processed FROM bulk_jobs WHERE id = $1`, [startBulkJob.id]);
    if (job!.processed >= 200) break;
    if (Date.now() > deadline) throw new Error('The job did not start');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await server.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'user-manager bulk' AND datname = current_database()`);
  const job = await waitForJob(admin, startBulkJob.id);
  expect(job).toMatchObject({ status: 'SUCCEEDED', processed: 3000, changed: 3000 });
  const [{ attempts }] = (await server.db.query<{ attempts: number }>(`SELECT attempts FROM bulk_jobs WHERE id = $1`, [startBulkJob.id])) as [
    { attempts: number },
  ];
  expect(attempts).toBe(2);
  // One history entry per user: none was tagged twice.
  const twice = await server.db.query(
    `SELECT target_user_id FROM audit_log WHERE app_id = $1 AND action = 'user.tags_added' GROUP BY target_user_id HAVING count(*) > 1`,
    [appId],
  );
  expect(twice).toHaveLength(0);
  expect(
    (
      await server.db.query<{ n: number }>(`SELECT count(DISTINCT target_user_id)::int AS n FROM audit_log WHERE app_id = $1 AND action = 'user.tags_added'`, [
        appId,
      ])
    )[0]!.n,
  ).toBe(3000);
});

test('me says who the token is', async () => {
  const appId = newAppId();
  for (const role of ['viewer', 'manager', 'admin', 'service'] as const) {
    expect((await (await server.client(appId, role)).ok(`{ me { subject role app } }`)).me).toEqual({ subject: `${role}@test`, role, app: appId });
  }
  expect((await server.anonymous().error(`{ me { role } }`)).extensions?.code).toBe('UNAUTHENTICATED');
});
