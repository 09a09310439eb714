import { createHmac } from 'node:crypto';
import { GraphQLClient, newAppId, startTestServer, tokens, type TestServer } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { MINUTE, TestClock } from '../support/test-clock';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'webhook-secret-for-the-tests';
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $status: UserStatus!, $reason: String, $until: DateTime) {
  setUserStatus(id: $id, status: $status, reason: $reason, bannedUntil: $until) { id status bannedAt banReason bannedBy bannedUntil } }`;
const VERIFY = `mutation($email: String!, $password: String!) { verifyCredentials(email: $email, password: $password) { id } }`;

let receiver: WebhookReceiver;
let server: TestServer;
// Its server moves the clock and runs jobs over every app: a database of its own keeps other test files out of reach.
let database: OwnDatabase;
const clock = new TestClock();

beforeAll(async () => {
  database = await createOwnDatabase('um_bans');
  receiver = new WebhookReceiver();
  await receiver.listen();
  server = await startTestServer(
    { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET },
    { databaseUrl: database.url, clock, lifecycle: { jobs: false, webhooks: { baseBackoffMs: 60_000 } } },
  );
});
afterAll(async () => {
  await server.close();
  await receiver.close();
  await database.drop();
});

async function appWithUser(email = 'grace@example.com') {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const { createUser } = await admin.ok(CREATE, { input: { email, password: 'grace hopper 1906' } });
  return { appId, admin, userId: createUser.id as string };
}

const UNDO = `mutation($ids: [ID!]!) { undoStatusChanges(userIds: $ids) }`;
const USER_BAN = `query($id: ID!) { user(id: $id) { status bannedAt banReason bannedBy bannedUntil } }`;

test("undo of an unban brings back the ban as it was (reason, end, start, author); only the caller's own last change is undone", async () => {
  const { appId, admin, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  const until = new Date(clock.now().getTime() + 2 * 24 * 60 * MINUTE).toISOString();
  await manager.ok(SET_STATUS, { id: userId, status: 'BANNED', reason: 'Chargeback fraud', until });
  const { user: banned } = await admin.ok(USER_BAN, { id: userId });
  clock.advance(MINUTE);
  await admin.ok(SET_STATUS, { id: userId, status: 'ACTIVE' });

  // Someone else's change is not the manager's to undo.
  expect((await manager.ok(UNDO, { ids: [userId] })).undoStatusChanges).toBe(0);
  // Another app's admin cannot reach the user.
  expect((await (await server.client(newAppId(), 'admin')).ok(UNDO, { ids: [userId] })).undoStatusChanges).toBe(0);

  expect((await admin.ok(UNDO, { ids: [userId] })).undoStatusChanges).toBe(1);
  const { user: restored } = await admin.ok(USER_BAN, { id: userId });
  expect(restored).toEqual(banned);
  expect(restored).toMatchObject({ status: 'BANNED', banReason: 'Chargeback fraud', bannedBy: 'manager@test', bannedUntil: until });
  const [hook] = await receiver.waitFor(
    (hook) => hook.json.userId === userId && hook.json.type === 'user.banned' && hook.json.data.bannedBy === 'manager@test' && hook.json.at > banned.bannedAt,
  );
  expect(hook!.json.data).toEqual({ reason: 'Chargeback fraud', bannedUntil: until, bannedBy: 'manager@test' });

  // The undo is in the history as a ban by whoever undid it.
  const { auditLog } = await admin.ok(`query($u: ID) { auditLog(userId: $u, first: 1) { edges { node { action actor details } } } }`, { u: userId });
  expect(auditLog.edges[0].node).toMatchObject({
    action: 'user.banned',
    actor: 'admin@test',
    details: { before: { status: 'ACTIVE' }, after: { status: 'BANNED', bannedBy: 'manager@test' } },
  });
});

test('undo of a ban makes the user active again; a user changed since is left alone; roles and ids are checked', async () => {
  const { appId, admin, userId } = await appWithUser();
  const second = (await admin.ok(CREATE, { input: { email: 'second@example.com' } })).createUser.id as string;
  const manager = await server.client(appId, 'manager');
  await manager.ok(`mutation($ids: [ID!]!) { setUsersStatus(ids: $ids, status: BANNED, reason: "Spam") }`, { ids: [userId, second] });
  // The second user is banned again by someone else with another reason: not the manager's change to undo any more.
  const other = new GraphQLClient(`${server.url}/graphql`, await tokens.sign({ subject: 'other@test', appId, role: 'manager' }));
  await other.ok(SET_STATUS, { id: second, status: 'BANNED', reason: 'Abuse' });

  expect((await manager.ok(UNDO, { ids: [userId, second] })).undoStatusChanges).toBe(1);
  expect((await admin.ok(USER_BAN, { id: userId })).user).toEqual({ status: 'ACTIVE', bannedAt: null, banReason: null, bannedBy: null, bannedUntil: null });
  expect((await admin.ok(USER_BAN, { id: second })).user).toMatchObject({ status: 'BANNED', banReason: 'Abuse', bannedBy: 'other@test' });

  const viewer = await server.client(appId, 'viewer');
  expect((await viewer.error(UNDO, { ids: [userId] })).extensions?.code).toBe('FORBIDDEN');
  const bad = await manager.error(UNDO, { ids: ['not-an-id'] });
  expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
});

const signed = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

test('a timed ban webhook writes bannedUntil as the API does', async () => {
  const { appId, userId } = await appWithUser();
  const until = new Date(clock.now().getTime() + 90 * MINUTE).toISOString();
  await (await server.client(appId, 'manager')).ok(SET_STATUS, { id: userId, status: 'BANNED', until });
  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.banned');
  expect(hook!.json.data.bannedUntil).toBe(until);
});

test('a ban records who, when and why, refuses sign-in, and a signed user.banned webhook arrives', async () => {
  const { appId, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  const { setUserStatus } = await manager.ok(SET_STATUS, { id: userId, status: 'BANNED', reason: 'Chargeback fraud' });
  expect(setUserStatus).toMatchObject({ status: 'BANNED', banReason: 'Chargeback fraud', bannedBy: 'manager@test', bannedUntil: null });
  expect(setUserStatus.bannedAt).not.toBeNull();

  const service = await server.client(appId, 'service');
  expect((await service.error(VERIFY, { email: 'grace@example.com', password: 'grace hopper 1906' })).extensions?.code).toBe('USER_BANNED');

  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.banned');
  expect(hook!.headers['content-type']).toBe('application/json');
  expect(hook!.headers['x-um-signature']).toBe(signed(hook!.body));
  expect(hook!.json).toEqual({
    type: 'user.banned',
    appId,
    userId,
    at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    data: { reason: 'Chargeback fraud', bannedUntil: null, bannedBy: 'manager@test' },
  });

  await manager.ok(SET_STATUS, { id: userId, status: 'ACTIVE' });
  const [unbanned] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.unbanned');
  expect(unbanned!.headers['x-um-signature']).toBe(signed(unbanned!.body));
  await service.ok(VERIFY, { email: 'grace@example.com', password: 'grace hopper 1906' });
});

test('a timed ban ends by itself: list, status filter, counts and sign-in agree the moment it ends', async () => {
  const { appId, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  const service = await server.client(appId, 'service');
  const until = new Date(clock.now().getTime() + 60 * MINUTE).toISOString();
  const { setUserStatus } = await manager.ok(SET_STATUS, { id: userId, status: 'BANNED', reason: 'Cool off', until });
  expect(setUserStatus.bannedUntil).toBe(until);

  const view = async () =>
    manager.ok(`{ users { edges { node { status bannedUntil } } }
                  banned: users(filter: { status: BANNED }) { totalCount }
                  active: users(filter: { status: ACTIVE }) { totalCount }
                  userCounts { all active banned } }`);
  expect(await view()).toEqual({
    users: { edges: [{ node: { status: 'BANNED', bannedUntil: until } }] },
    banned: { totalCount: 1 },
    active: { totalCount: 0 },
    userCounts: { all: 1, active: 0, banned: 1 },
  });
  expect((await service.error(VERIFY, { email: 'grace@example.com', password: 'grace hopper 1906' })).extensions?.code).toBe('USER_BANNED');

  clock.advance(61 * MINUTE);
  expect(await view()).toEqual({
    users: { edges: [{ node: { status: 'ACTIVE', bannedUntil: null } }] },
    banned: { totalCount: 0 },
    active: { totalCount: 1 },
    userCounts: { all: 1, active: 1, banned: 0 },
  });
  await service.ok(VERIFY, { email: 'grace@example.com', password: 'grace hopper 1906' });
  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.unbanned');
  expect(hook!.json.data).toEqual({ reason: 'ban ended', bannedUntil: until });

  const admin = await server.client(appId, 'admin');
  const { auditLog } = await admin.ok(`query($u: ID) { auditLog(userId: $u) { edges { node { action actor role } } } }`, { u: userId });
  expect(auditLog.edges.map((edge: { node: unknown }) => edge.node).slice(0, 2)).toEqual([
    { action: 'user.unbanned', actor: 'system', role: 'system' },
    { action: 'user.banned', actor: 'manager@test', role: 'manager' },
  ]);
});

test('the periodic sweep lifts ended bans in apps nobody reads', async () => {
  const { appId, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  await manager.ok(SET_STATUS, { id: userId, status: 'BANNED', until: new Date(clock.now().getTime() + 5 * MINUTE).toISOString() });
  clock.advance(6 * MINUTE);
  expect(await server.jobs.liftEndedBans()).toBeGreaterThanOrEqual(1);
  const [row] = await server.db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [userId]);
  expect(row!.status).toBe('ACTIVE');
});

test('a second server on the same database lifts a timed ban set through the first one', async () => {
  const other = await startTestServer({}, { databaseUrl: database.url, clock, lifecycle: { jobs: false } });
  try {
    const { appId, userId } = await appWithUser();
    await (
      await server.client(appId, 'manager')
    ).ok(SET_STATUS, {
      id: userId,
      status: 'BANNED',
      until: new Date(clock.now().getTime() + 10 * MINUTE).toISOString(),
    });
    const viewer = await other.client(appId, 'viewer');
    const counts = `{ userCounts { active banned } }`;
    expect((await viewer.ok(counts)).userCounts).toEqual({ active: 0, banned: 1 });
    clock.advance(11 * MINUTE);
    // Told through NOTIFY; wait for it to arrive rather than for the sweep.
    let seen: unknown;
    for (let tries = 0; tries < 50; tries += 1) {
      seen = (await viewer.ok(counts)).userCounts;
      if ((seen as { active: number }).active === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toEqual({ active: 1, banned: 0 });
    // A users page with nothing due costs no statement for bans.
    await viewer.ok(`{ users { edges { node { id } } } }`);
    const line = other.logs.filter((entry) => entry.msg === 'request').at(-1)!;
    expect(line.sql).toBe(1);
  } finally {
    await other.close();
  }
});

test('bannedUntil must be in the future and only goes with a ban', async () => {
  const { appId, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  const past = await manager.error(SET_STATUS, { id: userId, status: 'BANNED', until: new Date(clock.now().getTime() - 1000).toISOString() });
  expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bannedUntil' });
  const active = await manager.error(SET_STATUS, { id: userId, status: 'ACTIVE', until: new Date(clock.now().getTime() + MINUTE).toISOString() });
  expect(active.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bannedUntil' });
});

test('a bulk ban sends one webhook and one audit entry per user that changed', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const ids: string[] = [];
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) ids.push((await admin.ok(CREATE, { input: { email } })).createUser.id);
  await admin.ok(SET_STATUS, { id: ids[0], status: 'BANNED' });
  const { setUsersStatus } = await admin.ok(`mutation($ids: [ID!]!) { setUsersStatus(ids: $ids, status: BANNED, reason: "Spam wave") }`, { ids });
  expect(setUsersStatus).toBe(2);
  const hooks = await receiver.waitFor((hook) => hook.json.appId === appId && hook.json.type === 'user.banned', 3);
  expect(hooks.map((hook) => hook.json.userId).sort()).toEqual([...ids].sort());
  const [count] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE app_id = $1 AND action = 'user.banned'`, [appId]);
  expect(count!.n).toBe(3);
});

test('a host that is down gets its webhooks later, with backoff, and nothing is lost across a restart', async () => {
  const { appId, userId } = await appWithUser();
  const manager = await server.client(appId, 'manager');
  receiver.status = 503;
  await manager.ok(SET_STATUS, { id: userId, status: 'BANNED', reason: 'Retry me' });
  await server.jobs.dispatchWebhooks();
  const [first] = await server.db.query<{ attempts: number; next: Date; last_error: string }>(
    `SELECT attempts, next_attempt_at AS next, last_error FROM webhook_outbox WHERE app_id = $1`,
    [appId],
  );
  expect(first).toMatchObject({ attempts: 1, last_error: 'HTTP 503' });
  expect(first!.next.getTime()).toBeGreaterThan(clock.now().getTime() + 50_000);

  // Not due yet: nothing is sent.
  await server.jobs.dispatchWebhooks();
  expect((await server.db.query<{ attempts: number }>(`SELECT attempts FROM webhook_outbox WHERE app_id = $1`, [appId]))[0]!.attempts).toBe(1);

  // The second wait is twice the first.
  clock.advance(61_000);
  await server.jobs.dispatchWebhooks();
  const [second] = await server.db.query<{ attempts: number; next: Date }>(`SELECT attempts, next_attempt_at AS next FROM webhook_outbox WHERE app_id = $1`, [
    appId,
  ]);
  expect(second!.attempts).toBe(2);
  expect(second!.next.getTime()).toBeGreaterThan(clock.now().getTime() + 110_000);

  // The server stops; another starts on the same database and delivers once the host is back.
  await server.close();
  receiver.status = 200;
  clock.advance(121_000);
  server = await startTestServer(
    { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET },
    { databaseUrl: database.url, clock, lifecycle: { jobs: { webhooksMs: 100 } } },
  );
  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.banned');
  expect(hook!.json.data).toMatchObject({ reason: 'Retry me' });
  expect(hook!.headers['x-um-signature']).toBe(signed(hook!.body));
  // Marked delivered once the host's answer is in.
  let delivered = false;
  for (let tries = 0; tries < 50 && !delivered; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [{ delivered }] = (await server.db.query<{ delivered: boolean }>(`SELECT delivered_at IS NOT NULL AS delivered FROM webhook_outbox WHERE app_id = $1`, [
      appId,
    ])) as [{ delivered: boolean }];
  }
  expect(delivered).toBe(true);
  expect(receiver.received.filter((hook) => hook.json.userId === userId)).toHaveLength(1);
});

test('ban mutations stay inside the caller app', async () => {
  const { userId } = await appWithUser();
  const stranger = await server.client(newAppId(), 'manager');
  expect((await stranger.error(SET_STATUS, { id: userId, status: 'BANNED' })).extensions?.code).toBe('NOT_FOUND');
  expect((await stranger.ok(`mutation($ids: [ID!]!) { setUsersStatus(ids: $ids, status: BANNED) }`, { ids: [userId] })).setUsersStatus).toBe(0);
  const [row] = await server.db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [userId]);
  expect(row!.status).toBe('ACTIVE');
});
