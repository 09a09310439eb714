import pg from 'pg';
import { generatedCsv, importCsv } from '../csv/support';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';

/**
 * Statistics are the product's job: the server analyses what an import or a
 * bulk job changed before it says SUCCEEDED, and any table whose changes
 * passed the mark on its own timer, with autovacuum off (as on this
 * machine's server) or not.
 */

let database: OwnDatabase;
let server: TestServer;

beforeAll(async () => {
  // Statistics are per table: a database of its own, so other test files' writes do not count here.
  database = await createOwnDatabase('um_stats');
  server = await startTestServer({}, { databaseUrl: database.url, lifecycle: { jobs: false } });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

const analysed = async (table: string) =>
  (await server.db.query<{ at: Date | null }>('SELECT greatest(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = $1', [table]))[0]!
    .at;
const plannerRows = async () => (await server.db.query<{ rows: number }>(`SELECT reltuples::float8 AS rows FROM pg_class WHERE relname = 'users'`))[0]!.rows;

test('a dry run changes nothing and analyses nothing; an import analyses the users it wrote before it is SUCCEEDED', async () => {
  const appId = newAppId();
  expect((await importCsv(server, appId, generatedCsv(3_000), 'dry-run')).status).toBe('SUCCEEDED');
  expect(await analysed('users')).toBeNull();

  const job = await importCsv(server, appId, generatedCsv(3_000));
  expect([job.status, job.created]).toEqual(['SUCCEEDED', 3_000]);
  expect(await analysed('users')).not.toBeNull();
  expect(await plannerRows()).toBe(3_000);
});

test('a small share of the table is not worth an ANALYZE; a bulk job over many users is', async () => {
  const appId = newAppId();
  const before = await analysed('users');
  expect((await importCsv(server, appId, generatedCsv(100, { from: 50_000 }))).created).toBe(100);
  expect(await analysed('users')).toEqual(before);

  const admin = await server.client(appId, 'admin');
  const other = newAppId();
  expect((await importCsv(server, other, generatedCsv(2_000, { from: 60_000 }))).created).toBe(2_000);
  const afterImport = await analysed('users');
  const otherAdmin = await server.client(other, 'admin');
  const { startBulkJob } = await otherAdmin.ok(`mutation { startBulkJob(input: { action: BAN, filter: {}, expectedCount: 2000, reason: "stats" }) { id } }`);
  for (;;) {
    const { bulkJob } = await otherAdmin.ok(`query($id: ID!) { bulkJob(id: $id) { status } }`, { id: startBulkJob.id });
    if (bulkJob.status === 'SUCCEEDED') break;
    expect(bulkJob.status).not.toBe('FAILED');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect((await analysed('users'))!.getTime()).toBeGreaterThan(afterImport!.getTime());
  expect((await admin.ok('{ userCounts { all } }')).userCounts.all).toBe(100);
});

test('the timer vacuums and analyses a table whose inserted rows passed the mark, by the counters Postgres keeps', async () => {
  const appId = newAppId();
  expect((await importCsv(server, appId, generatedCsv(20))).created).toBe(20);
  const service = await server.client(appId, 'service');
  const { users } = await (await server.client(appId, 'admin')).ok('{ users(first: 20) { edges { node { id } } } }');
  const ids = (users.edges as Array<{ node: { id: string } }>).map((edge) => edge.node.id);
  const events = Array.from({ length: 1_000 }, (_, index) => ({ userId: ids[index % ids.length], kind: 'PAGE_VIEW', name: `/page/${index}` }));
  expect(await service.ok(`mutation($events: [ActivityInput!]!) { recordActivity(events: $events) }`, { events })).toEqual({ recordActivity: 1_000 });
  expect(await analysed('activity_events')).toBeNull();
  // Postgres publishes a session's counters within a second or so of its transaction.
  const fitted = () => server.jobs.keepTablesFit();
  let done = await fitted();
  for (let attempt = 0; attempt < 150 && !done.some((upkeep) => upkeep.table === 'activity_events'); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    done = await fitted();
  }
  expect(done).toContainEqual({ table: 'activity_events', action: 'vacuum' });
  const [vacuumed] = await server.db.query<{ at: Date | null }>(`SELECT last_vacuum AS at FROM pg_stat_user_tables WHERE relname = 'activity_events'`);
  expect(vacuumed!.at).not.toBeNull();
  expect(await analysed('activity_events')).not.toBeNull();
  // Once analysed, the table is left alone until it changes again.
  expect((await fitted()).map((upkeep) => upkeep.table)).not.toContain('activity_events');
});

test('dead rows past the mark are vacuumed once no job is writing: deleted users leave no dead rows behind for index scans to step over', async () => {
  const appId = newAppId();
  expect((await importCsv(server, appId, generatedCsv(3_000, { from: 70_000 }))).created).toBe(3_000);
  const admin = await server.client(appId, 'admin');
  const { startBulkJob } = await admin.ok(`mutation { startBulkJob(input: { action: DELETE, filter: {}, expectedCount: 3000 }) { id } }`);
  for (;;) {
    const { bulkJob } = await admin.ok(`query($id: ID!) { bulkJob(id: $id) { status } }`, { id: startBulkJob.id });
    if (bulkJob.status === 'SUCCEEDED') break;
    expect(bulkJob.status).not.toBe('FAILED');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const dead = async () => (await server.db.query<{ n: number }>(`SELECT n_dead_tup::int AS n FROM pg_stat_user_tables WHERE relname = 'users'`))[0]!.n;
  for (let attempt = 0; attempt < 150 && (await dead()) < 3_000; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await dead()).toBeGreaterThanOrEqual(3_000);

  // While an import is writing (here one waiting to resume, which the runner leaves be), dead rows wait for it to end.
  const [writing] = await server.db.query<{ id: string }>(
    `INSERT INTO import_jobs (app_id, mode, status, created_by, run_after) VALUES ($1, 'UPSERT', 'RUNNING', 'test', now() + interval '1 hour') RETURNING id`,
    [appId],
  );
  expect((await server.jobs.keepTablesFit()).filter((upkeep) => upkeep.action === 'vacuum')).toEqual([]);
  expect(await dead()).toBeGreaterThanOrEqual(3_000);
  await server.db.execute(`DELETE FROM import_jobs WHERE id = $1`, [writing!.id]);

  // The VACUUM keeps autovacuum's pace: it rests (wait event VacuumDelay) as it goes, so reads keep their cores.
  // Watched from another database: a snapshot held here, where the VACUUM runs, could carry an older transaction
  // of another database's session and keep the deleted rows from being removed.
  const watcher = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await watcher.connect();
  let fitting = true;
  const rests = (async () => {
    let seen = 0;
    while (fitting) {
      const { rows } = await watcher.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND query LIKE 'VACUUM (ANALYZE) users%' AND wait_event = 'VacuumDelay'`,
        [new URL(database.url).pathname.slice(1)],
      );
      seen += rows[0]!.n;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return seen;
  })();
  let done = await server.jobs.keepTablesFit();
  for (let attempt = 0; attempt < 150 && !done.some((upkeep) => upkeep.table === 'users'); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    done = await server.jobs.keepTablesFit();
  }
  fitting = false;
  const seenResting = await rests;
  await watcher.end();
  expect(done).toContainEqual({ table: 'users', action: 'vacuum' });
  expect(await dead()).toBeLessThan(500);
  expect(seenResting).toBeGreaterThan(0);
  // And the pace stays with that VACUUM: the pool's connections are back to the server's settings.
  const connections = await Promise.all(Array.from({ length: 4 }, () => server.db.connect()));
  const delays = await Promise.all(connections.map((connection) => connection.query('SHOW vacuum_cost_delay')));
  await Promise.all(connections.map((connection) => connection.release()));
  expect(delays.flat()).toEqual(Array.from({ length: 4 }, () => ({ vacuum_cost_delay: '0' })));
});
