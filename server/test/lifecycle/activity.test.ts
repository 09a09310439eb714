import { Database, type Queryable } from '../../src/db/database';
import { holdAppUsers, holdAppUsersToDelete, holdLastAccess } from '../../src/users/app-users-lock';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { MINUTE, TestClock } from '../support/test-clock';

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const RECORD = `mutation($events: [ActivityInput!]!) { recordActivity(events: $events) }`;
const TIMELINE = `query($id: ID!, $first: Int, $after: String, $kinds: [ActivityKind!], $from: DateTime, $to: DateTime) {
  user(id: $id) { lastAccessAt activity(first: $first, after: $after, kinds: $kinds, from: $from, to: $to) {
    edges { cursor node { id kind name occurredAt metadata } } pageInfo { hasNextPage endCursor } } } }`;
const DAY = 86_400_000;

let server: TestServer;
// Its server moves the clock and runs jobs over every app: a database of its own keeps other test files out of reach.
let database: OwnDatabase;
const clock = new TestClock();

beforeAll(async () => {
  database = await createOwnDatabase('um_activity');
  server = await startTestServer({ ACTIVITY_RETENTION_DAYS: '30' }, { databaseUrl: database.url, clock, lifecycle: { jobs: false } });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

async function appWithUsers(count = 1) {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) ids.push((await admin.ok(CREATE, { input: { email: `u${index}@example.com` } })).createUser.id);
  return { appId, admin, service: await server.client(appId, 'service'), ids };
}

/** Until some session waits for one of the app's advisory locks (users/app-users-lock.ts). */
async function untilWaiting(on: Queryable): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const [row] = await on.query<{ waiting: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted) AS waiting`);
    if (row!.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('nothing waited for the lock');
}

const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();

test('recorded events make a timeline, newest first by keyset, and lastAccessAt is the newest event', async () => {
  const { admin, service, ids } = await appWithUsers(2);
  const [ada, bob] = ids as [string, string];
  const events = Array.from({ length: 7 }, (_, index) => ({
    userId: ada,
    kind: index % 2 ? 'FEATURE_USE' : 'PAGE_VIEW',
    name: index % 2 ? 'export' : `/page/${index}`,
    occurredAt: at(-(index + 1) * MINUTE),
    metadata: { index },
  }));
  events.push({ userId: bob, kind: 'CUSTOM', name: 'other user', occurredAt: at(-30 * MINUTE), metadata: { index: 99 } });
  expect(await service.ok(RECORD, { events })).toEqual({ recordActivity: 8 });

  const first = (await admin.ok(TIMELINE, { id: ada, first: 3 })).user;
  expect(first.lastAccessAt).toBe(events[0]!.occurredAt);
  expect(first.activity.edges.map((edge: any) => edge.node.metadata.index)).toEqual([0, 1, 2]);
  expect(first.activity.pageInfo.hasNextPage).toBe(true);
  const second = (await admin.ok(TIMELINE, { id: ada, first: 3, after: first.activity.pageInfo.endCursor })).user;
  expect(second.activity.edges.map((edge: any) => edge.node.metadata.index)).toEqual([3, 4, 5]);
  const third = (await admin.ok(TIMELINE, { id: ada, first: 3, after: second.activity.pageInfo.endCursor })).user;
  expect(third.activity.edges.map((edge: any) => edge.node.metadata.index)).toEqual([6]);
  expect(third.activity.pageInfo.hasNextPage).toBe(false);

  const features = (await admin.ok(TIMELINE, { id: ada, kinds: ['FEATURE_USE'] })).user.activity.edges;
  expect(features.map((edge: any) => edge.node.name)).toEqual(['export', 'export', 'export']);
  const window = (await admin.ok(TIMELINE, { id: ada, from: events[4]!.occurredAt, to: events[1]!.occurredAt })).user.activity.edges;
  expect(window.map((edge: any) => edge.node.metadata.index)).toEqual([2, 3, 4]);

  // An older event does not move lastAccessAt back; a newer one moves it on.
  await service.ok(RECORD, { events: [{ userId: ada, kind: 'PAGE_VIEW', name: '/old', occurredAt: at(-DAY) }] });
  expect((await admin.ok(TIMELINE, { id: ada, first: 0 })).user.lastAccessAt).toBe(events[0]!.occurredAt);
  await service.ok(RECORD, { events: [{ userId: ada, kind: 'LOGIN', name: 'sso' }] });
  const now = (await admin.ok(TIMELINE, { id: ada, first: 1 })).user;
  expect(now.activity.edges[0].node).toMatchObject({ kind: 'LOGIN', name: 'sso', metadata: null });
  expect(now.lastAccessAt).toBe(now.activity.edges[0].node.occurredAt);
});

test('bad events are refused with the field named, and nothing of the batch is stored', async () => {
  const { appId, service, ids } = await appWithUsers();
  const good = { userId: ids[0], kind: 'PAGE_VIEW', name: '/ok' };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...good, occurredAt: at(6 * MINUTE) }, 'events[1].occurredAt'],
    [{ ...good, occurredAt: at(-31 * DAY) }, 'events[1].occurredAt'],
    [{ ...good, name: '' }, 'events[1].name'],
    [{ ...good, name: 'x'.repeat(501) }, 'events[1].name'],
    [{ ...good, name: 'two\nlines' }, 'events[1].name'],
    [{ ...good, metadata: { blob: 'x'.repeat(4100) } }, 'events[1].metadata'],
    [{ ...good, userId: 'nope' }, 'events[1].userId'],
  ];
  for (const [event, field] of cases) {
    const error = await service.error(RECORD, { events: [good, event] });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  const unknown = await service.error(RECORD, { events: [good, { ...good, userId: '00000000-0000-4000-8000-000000000000' }] });
  expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'events[1].userId' });
  const tooMany = await service.error(RECORD, { events: Array.from({ length: 1001 }, () => good) });
  expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  await service.ok(RECORD, { events: [{ ...good, occurredAt: at(4 * MINUTE), metadata: { fits: 'x'.repeat(4000) } }] });
  const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM activity_events WHERE app_id = $1', [appId]);
  expect(row!.n).toBe(1);
});

test("another app's users are refused, and another app cannot read the timeline", async () => {
  const mine = await appWithUsers();
  const theirs = await appWithUsers();
  const refused = await mine.service.error(RECORD, { events: [{ userId: theirs.ids[0], kind: 'PAGE_VIEW', name: '/spy' }] });
  expect(refused.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'events[0].userId' });
  await theirs.service.ok(RECORD, { events: [{ userId: theirs.ids[0], kind: 'PAGE_VIEW', name: '/theirs' }] });
  expect((await mine.admin.ok(TIMELINE, { id: theirs.ids[0] })).user).toBeNull();
  for (const role of ['viewer', 'manager'] as const) {
    expect((await (await server.client(mine.appId, role)).error(RECORD, { events: [] })).extensions?.code).toBe('FORBIDDEN');
  }
  expect(await mine.admin.ok(RECORD, { events: [{ userId: mine.ids[0], kind: 'CUSTOM', name: 'by admin' }] })).toEqual({ recordActivity: 1 });
});

test('events past ACTIVITY_RETENTION_DAYS disappear from the timeline and the purge deletes them', async () => {
  const { appId, admin, service, ids } = await appWithUsers();
  await service.ok(RECORD, {
    events: [
      { userId: ids[0], kind: 'PAGE_VIEW', name: '/old', occurredAt: at(-29 * DAY) },
      { userId: ids[0], kind: 'PAGE_VIEW', name: '/new', occurredAt: at(-1 * DAY) },
    ],
  });
  clock.advance(2 * DAY);
  const names = (await admin.ok(TIMELINE, { id: ids[0] })).user.activity.edges.map((edge: any) => edge.node.name);
  expect(names).toEqual(['/new']);
  expect((await server.jobs.purge()).activity).toBeGreaterThanOrEqual(1);
  const rows = await server.db.query<{ name: string }>('SELECT name FROM activity_events WHERE app_id = $1', [appId]);
  expect(rows.map((row) => row.name)).toEqual(['/new']);
});

test('with activity history off nothing is stored, lastAccessAt still moves, and the timeline is FEATURE_DISABLED', async () => {
  const { appId, admin, service, ids } = await appWithUsers();
  expect(await admin.ok(`{ appSettings { activityHistory } }`)).toEqual({ appSettings: { activityHistory: true } });
  const manager = await server.client(appId, 'manager');
  expect((await manager.error(`mutation { updateAppSettings(input: { activityHistory: false }) { activityHistory } }`)).extensions?.code).toBe('FORBIDDEN');
  expect(await admin.ok(`mutation { updateAppSettings(input: { activityHistory: false }) { activityHistory } }`)).toEqual({
    updateAppSettings: { activityHistory: false },
  });
  const when = at(-MINUTE);
  expect(await service.ok(RECORD, { events: [{ userId: ids[0], kind: 'PAGE_VIEW', name: '/x', occurredAt: when }] })).toEqual({ recordActivity: 0 });
  const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM activity_events WHERE app_id = $1', [appId]);
  expect(row!.n).toBe(0);
  const response = await admin.request(TIMELINE, { id: ids[0] });
  expect(response.errors?.[0]?.extensions?.code).toBe('FEATURE_DISABLED');
  expect((await admin.ok(`query($id: ID!) { user(id: $id) { lastAccessAt } }`, { id: ids[0] })).user.lastAccessAt).toBe(when);

  // Other apps keep their history.
  const other = await appWithUsers();
  expect(await other.service.ok(RECORD, { events: [{ userId: other.ids[0], kind: 'PAGE_VIEW', name: '/y' }] })).toEqual({ recordActivity: 1 });
  expect((await other.admin.ok(`{ appSettings { activityHistory } }`)).appSettings.activityHistory).toBe(true);

  await admin.ok(`mutation { updateAppSettings(input: { activityHistory: true }) { activityHistory } }`);
  expect((await admin.ok(TIMELINE, { id: ids[0] })).user.activity.edges).toEqual([]);
  const { auditLog } = await admin.ok(`{ auditLog(first: 1) { edges { node { action details } } } }`);
  expect(auditLog.edges[0].node).toEqual({
    action: 'settings.updated',
    details: { before: { activityHistory: false }, after: { activityHistory: true } },
  });
});

test('recorded activity orders users by last access, newest first, with users never seen last, page by page', async () => {
  const { admin, service, ids } = await appWithUsers(5);
  const [a, b, c, d, e] = ids as [string, string, string, string, string];
  const [ten, thirty, forty, fifty, sixty] = [10, 30, 40, 50, 60].map((minutes) => at(-minutes * MINUTE));
  // One batch, several events per user: each user's newest counts.
  await service.ok(RECORD, {
    events: [
      { userId: b, kind: 'PAGE_VIEW', name: '/1', occurredAt: fifty },
      { userId: d, kind: 'PAGE_VIEW', name: '/2', occurredAt: forty },
      { userId: b, kind: 'PAGE_VIEW', name: '/3', occurredAt: ten },
      { userId: a, kind: 'PAGE_VIEW', name: '/4', occurredAt: thirty },
    ],
  });
  // An older event later does not move d back.
  await service.ok(RECORD, { events: [{ userId: d, kind: 'PAGE_VIEW', name: '/5', occurredAt: sixty }] });
  const ORDERED = `query($direction: OrderDirection!, $after: String) {
    users(orderBy: { field: LAST_ACCESS_AT, direction: $direction }, first: 2, after: $after) {
      edges { node { id lastAccessAt } } pageInfo { hasNextPage endCursor } } }`;
  const walk = async (direction: string) => {
    const seen: Array<{ id: string; lastAccessAt: string | null }> = [];
    let after: string | null = null;
    for (;;) {
      const {
        users,
      }: { users: { edges: Array<{ node: { id: string; lastAccessAt: string | null } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        await admin.ok(ORDERED, { direction, after });
      seen.push(...users.edges.map((edge) => edge.node));
      if (!users.pageInfo.hasNextPage) return seen;
      after = users.pageInfo.endCursor;
    }
  };
  const [never1, never2] = [c, e].sort().reverse();
  const newestFirst = await walk('DESC');
  expect(newestFirst.map((user) => user.id)).toEqual([b, a, d, never1, never2]);
  expect(newestFirst.map((user) => user.lastAccessAt)).toEqual([ten, thirty, forty, null, null]);
  expect((await walk('ASC')).map((user) => user.id)).toEqual([never2, never1, d, a, b]);
});

describe('a batch of activity and a delete of its user, at the same time', () => {
  const DELETE = `mutation($id: ID!) { deleteUser(id: $id) }`;
  let db: Database;
  beforeAll(() => {
    db = new Database(database.url, 2);
  });
  afterAll(() => db.close());

  const eventsOf = async (userId: string) =>
    (await db.query<{ events: number }>('SELECT count(*)::int AS events FROM activity_events WHERE user_id = $1', [userId]))[0]!.events;

  test('a batch that comes during a delete waits, then is refused by name, and stores nothing for the deleted user', async () => {
    const { appId, service, ids } = await appWithUsers(2);
    const [gone, kept] = ids as [string, string];
    const { batch } = await db.transaction(async (tx) => {
      // As a delete does: the app's users lock first, then the user's rows.
      await holdAppUsersToDelete(tx, appId);
      await tx.execute('DELETE FROM users WHERE id = $1', [gone]);
      const refused = service.error(RECORD, {
        events: [
          { userId: kept, kind: 'PAGE_VIEW', name: '/a', occurredAt: at(-MINUTE) },
          { userId: gone, kind: 'PAGE_VIEW', name: '/b', occurredAt: at(-MINUTE) },
        ],
      });
      await untilWaiting(db);
      // In an object: returned bare, the transaction would wait for the batch, which waits for it.
      return { batch: refused };
    });
    const error = await batch;
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'events[1].userId' });
    expect(await eventsOf(gone)).toBe(0);
    expect(await eventsOf(kept)).toBe(0);
  });

  test('a delete that comes during a batch waits for it, then removes its events too', async () => {
    const { appId, admin, ids } = await appWithUsers(1);
    const [userId] = ids as [string];
    const { removal } = await db.transaction(async (tx) => {
      // As a batch does: the app's users lock shared, then its events.
      await holdAppUsers(tx, appId);
      await tx.execute(`INSERT INTO activity_events (app_id, user_id, occurred_at, kind, name) VALUES ($1, $2, now(), 'PAGE_VIEW', '/a')`, [appId, userId]);
      const deleting = admin.ok(DELETE, { id: userId });
      await untilWaiting(db);
      return { removal: deleting };
    });
    expect(await removal).toEqual({ deleteUser: userId });
    expect(await eventsOf(userId)).toBe(0);
  });
});

describe("moves of one app's lastAccessAt, at the same time", () => {
  let db: Database;
  beforeAll(() => {
    db = new Database(database.url, 2);
  });
  afterAll(() => db.close());

  /** Each user's lastAccessAt as stored, in id order ('never' until they first come back: '-infinity'). */
  const lastAccess = async (ids: readonly string[]) =>
    (await db.query<{ at: Date | number }>('SELECT at FROM user_last_access WHERE user_id = ANY($1::uuid[]) ORDER BY user_id', [ids])).map((row) =>
      row.at instanceof Date ? row.at.toISOString() : 'never',
    );

  test("a batch waits while another moves the same app's users, and a batch of another app does not", async () => {
    const one = await appWithUsers(1);
    const other = await appWithUsers(1);
    const [early, late] = [at(-2 * MINUTE), at(-MINUTE)];
    const { waiting } = await db.transaction(async (tx) => {
      await holdLastAccess(tx, one.appId);
      const batch = one.service.ok(RECORD, { events: [{ userId: one.ids[0], kind: 'PAGE_VIEW', name: '/a', occurredAt: early }] });
      await untilWaiting(tx);
      // The other app's batch moves its user while the first app's turn is taken.
      expect(await other.service.ok(RECORD, { events: [{ userId: other.ids[0], kind: 'PAGE_VIEW', name: '/b', occurredAt: late }] })).toEqual({
        recordActivity: 1,
      });
      expect(await lastAccess(other.ids)).toEqual([late]);
      expect(await lastAccess(one.ids)).toEqual(['never']);
      // In an object: returned bare, the transaction would wait for the batch, which waits for it.
      return { waiting: batch };
    });
    expect(await waiting).toEqual({ recordActivity: 1 });
    expect(await lastAccess(one.ids)).toEqual([early]);
  });

  test('batches naming the same users in opposite orders all land, and each user keeps the newest event', async () => {
    const { service, ids } = await appWithUsers(40);
    const base = clock.now().getTime();
    const iso = (offset: number) => new Date(base + offset).toISOString();
    const newest = new Map<string, number>();
    const batches = Array.from({ length: 12 }, (_, batch) => {
      const order = batch % 2 ? [...ids].reverse() : ids;
      return order.map((userId, index) => {
        const offset = -((batch * 7 + index * 13) % 97) * MINUTE;
        newest.set(userId, Math.max(newest.get(userId) ?? -Infinity, offset));
        return { userId, kind: 'PAGE_VIEW', name: `/batch/${batch}`, occurredAt: iso(offset) };
      });
    });
    const answers = await Promise.all(batches.map((events) => service.ok(RECORD, { events })));
    expect(answers).toEqual(batches.map(() => ({ recordActivity: ids.length })));
    const sorted = [...ids].sort();
    expect(await lastAccess(sorted)).toEqual(sorted.map((id) => iso(newest.get(id)!)));
  });
});
