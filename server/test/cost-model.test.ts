import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MAX_QUERY_COST, MAX_WRITE_FIELDS } from '../src/graphql/complexity';
import { OperationGate } from '../src/graphql/operation-gate';
import { CREATE_USER } from './support/fixtures';
import { type GraphQLClient, newAppId, startTestServer, type TestServer } from './support/harness';

/**
 * What one request may cost: the ids a mutation takes, the counts and scans a
 * read asks for, how many writes it holds, and how many requests of one app
 * and role run at once.
 */

let server: TestServer;
let appId: string;
let admin: GraphQLClient;

beforeAll(async () => {
  // One operation of an app and role at a time, and a second's wait: what the limit does shows at once.
  server = await startTestServer({ GRAPHQL_MAX_CONCURRENT_PER_APP: '1', GRAPHQL_QUEUE_TIMEOUT: '1s' });
  appId = newAppId();
  admin = await server.client(appId, 'admin');
  for (let index = 0; index < 5; index += 1) await admin.ok(CREATE_USER, { input: { email: `cost${index}@example.com` } });
});
afterAll(() => server.close());

const auditEntries = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE app_id = $1', [appId]))[0]!.n;

/** The request log's line for the last request of an operation. */
async function logLineOf(operation: string) {
  await new Promise((resolve) => setImmediate(resolve));
  return server.logs.filter((line) => line.msg === 'request' && line.operation === operation).at(-1);
}

const ids = (count: number) => Array.from({ length: count }, () => randomUUID());

describe('a mutation costs what it writes', () => {
  const aliasedBans = (aliases: number) =>
    `mutation Bans($ids: [ID!]!) { ${Array.from({ length: aliases }, (_, index) => `b${index}: setUsersStatus(ids: $ids, status: BANNED)`).join(' ')} }`;

  test('one ban of 10,000 ids is allowed', async () => {
    expect(await admin.ok(aliasedBans(1), { ids: ids(10_000) })).toEqual({ b0: 0 });
  });

  test('two bans reusing a 10,000-id variable are refused before anything runs, naming the cost', async () => {
    const before = await auditEntries();
    const response = await admin.request(aliasedBans(2), { ids: ids(10_000) });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(new RegExp(`would cost \\d+, more than the limit of ${MAX_QUERY_COST}`));
    expect(Number(response.errors?.[0]?.extensions?.cost)).toBeGreaterThan(MAX_QUERY_COST);
    expect((await logLineOf('Bans'))?.sql ?? 0).toBe(0);
    expect(await auditEntries()).toBe(before);
  });

  test.each([
    ['deleteUsers', (list: string) => `deleteUsers(ids: ${list})`],
    ['undoStatusChanges', (list: string) => `undoStatusChanges(userIds: ${list})`],
    ['addTagsToUsers', (list: string) => `addTagsToUsers(userIds: ${list}, tagIds: [])`],
    ['removeTagsFromUsers', (list: string) => `removeTagsFromUsers(userIds: ${list}, tagIds: [])`],
  ])('%s counts its ids too', async (_name, field) => {
    const response = await admin.request(`mutation($ids: [ID!]!) { a: ${field('$ids')} b: ${field('$ids')} }`, { ids: ids(10_000) });
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/would cost/);
  });

  test('tags for many users count each link', async () => {
    const tagIds = ids(10);
    const response = await admin.request(`mutation($users: [ID!]!, $tags: [ID!]!) { addTagsToUsers(userIds: $users, tagIds: $tags) }`, {
      users: ids(5_000),
      tags: tagIds,
    });
    expect(response.errors?.[0]?.message).toMatch(/would cost/);
  });

  test(`more than ${MAX_WRITE_FIELDS} mutation fields in one request are refused, and none of them runs`, async () => {
    const creates = Array.from({ length: MAX_WRITE_FIELDS + 1 }, (_, index) => `c${index}: createUser(input: { email: "many${index}@example.com" }) { id }`);
    const before = await auditEntries();
    const response = await admin.request(`mutation Many { ${creates.join(' ')} }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toBe(
      `This operation holds ${MAX_WRITE_FIELDS + 1} mutation fields, more than the limit of ${MAX_WRITE_FIELDS}: send them in several requests`,
    );
    expect(await auditEntries()).toBe(before);
    // Fragments count as what they hold.
    const viaFragment = await admin.request(`mutation { ...Writes } fragment Writes on Mutation { ${creates.join(' ')} }`);
    expect(viaFragment.errors?.[0]?.extensions?.maxWriteFields).toBe(MAX_WRITE_FIELDS);
    expect(await auditEntries()).toBe(before);
  });

  test(`${MAX_WRITE_FIELDS} mutation fields are allowed`, async () => {
    const creates = Array.from({ length: MAX_WRITE_FIELDS }, (_, index) => `c${index}: createUser(input: { email: "ten${index}@example.com" }) { id }`);
    const data = await admin.ok(`mutation { ${creates.join(' ')} }`);
    expect(Object.keys(data)).toHaveLength(MAX_WRITE_FIELDS);
  });
});

describe('a read costs the counts and scans it asks for', () => {
  const searches = (aliases: number, selection: string) =>
    `query Searches { ${Array.from({ length: aliases }, (_, index) => `s${index}: users(first: 40, filter: { search: "q1 zz1" }) { ${selection} }`).join(' ')} }`;

  test('twenty aliased counts of a search are refused before any SQL runs', async () => {
    const response = await admin.request(searches(20, 'totalCount edges { node { id } }'));
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/would cost/);
    expect((await logLineOf('Searches'))?.sql ?? 0).toBe(0);
  });

  test('four such searches with their counts are allowed, five are not', async () => {
    expect((await admin.ok(searches(4, 'totalCount edges { node { id } }'))).s3.totalCount).toBe(0);
    expect((await admin.request(searches(5, 'totalCount edges { node { id } }'))).errors?.[0]?.message).toMatch(/would cost/);
  });

  test('a count asked for through a fragment costs the same', async () => {
    const query = `query { ${[0, 1, 2, 3, 4].map((index) => `s${index}: users(filter: { search: "q1" }) { ...Total }`).join(' ')} } fragment Total on UserConnection { totalCount }`;
    expect((await admin.request(query)).errors?.[0]?.message).toMatch(/would cost/);
  });

  test('pages of an indexed filter with their counts are cheap', async () => {
    const query = `query { ${Array.from({ length: 10 }, (_, index) => `p${index}: users(first: 20, filter: { status: ACTIVE }) { totalCount edges { node { id } } }`).join(' ')} }`;
    const data = await admin.ok(query);
    expect(data.p9.totalCount).toBeGreaterThanOrEqual(5);
  });

  test('status counts of a search: four are allowed, five are not', async () => {
    const counts = (aliases: number) =>
      `query { ${Array.from({ length: aliases }, (_, index) => `c${index}: userCounts(filter: { search: "co" }) { all }`).join(' ')} }`;
    expect((await admin.ok(counts(4))).c3.all).toBeGreaterThanOrEqual(5);
    expect((await admin.request(counts(5))).errors?.[0]?.message).toMatch(/would cost/);
  });

  test('a bulk job pays for the count it checks', async () => {
    const starts = Array.from(
      { length: 5 },
      (_, index) => `j${index}: startBulkJob(input: { action: BAN, filter: { search: "zz" }, expectedCount: 0 }) { id }`,
    ).join(' ');
    expect((await admin.request(`mutation { ${starts} }`)).errors?.[0]?.message).toMatch(/would cost/);
  });
});

describe('one app and role runs a bounded number of operations at once', () => {
  test('the next operation of the same app and role waits, and past the queue timeout is RATE_LIMITED with Retry-After; another app goes on', async () => {
    const [user] = (await admin.ok('{ users(first: 1) { edges { node { id } } } }')).users.edges as Array<{ node: { id: string } }>;
    // Hold the user's row, so a status change of it waits on the lock with its slot taken.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user!.node.id]);
      const held = admin.request('mutation Held($id: ID!) { setUserStatus(id: $id, status: BANNED) { status } }', { id: user!.node.id });
      await waitFor(() => blocksAnother(locker));

      const waited = await admin.request('query Waited { userCounts { all } }');
      expect(waited.status).toBe(429);
      expect(waited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(waited.errors?.[0]?.message).toMatch(/Too many requests of this app and role/);
      expect(waited.headers.get('retry-after')).toBe('5');

      // Another role of the app, and another app, have slots of their own.
      const viewer = await server.client(appId, 'viewer');
      expect((await viewer.ok('{ userCounts { all } }')).userCounts.all).toBeGreaterThanOrEqual(5);
      const other = await server.client(newAppId(), 'admin');
      expect((await other.ok('{ userCounts { all } }')).userCounts.all).toBe(0);

      await locker.query('COMMIT');
      const done = await held;
      expect(done.data?.setUserStatus.status).toBe('BANNED');
      // The slot is free again.
      expect((await admin.ok('{ userCounts { banned } }')).userCounts.banned).toBe(1);
    } finally {
      await locker.end();
    }
  });
});

/** Whether another session waits on the locker's lock (the held status change). */
async function blocksAnother(locker: pg.Client): Promise<boolean> {
  const { rows } = await locker.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))');
  return rows[0]!.n > 0;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the gate', () => {
  test('hands slots over in order, refuses past the wait, and counts each release once', async () => {
    const gate = new OperationGate(1, 200);
    const first = await gate.enter('a');
    const order: string[] = [];
    const second = gate.enter('a').then((release) => {
      order.push('second');
      return release;
    });
    const third = gate.enter('a').then((release) => {
      order.push('third');
      return release;
    });
    first!();
    first!();
    const secondRelease = await second;
    expect(order).toEqual(['second']);
    expect(gate.runningOf('a')).toBe(1);
    secondRelease!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(gate.runningOf('a')).toBe(0);

    const held = await gate.enter('a');
    expect(await gate.enter('a')).toBeUndefined();
    expect(await gate.enter('b')).toBeDefined();
    held!();
    expect(gate.runningOf('a')).toBe(0);
  });
});
