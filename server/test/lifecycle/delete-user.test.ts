import { randomUUID } from 'node:crypto';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { WebhookReceiver } from '../support/webhook-receiver';

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const DELETE = `mutation($id: ID!) { deleteUser(id: $id) }`;

let receiver: WebhookReceiver;
let server: TestServer;

beforeAll(async () => {
  receiver = new WebhookReceiver();
  await receiver.listen();
  server = await startTestServer({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'webhook-secret-for-the-tests' }, { lifecycle: { jobs: false } });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

/** Every row of every text, json or jsonb column in the database that contains `needle`, case-insensitively. */
async function findEverywhere(needle: string): Promise<string[]> {
  const columns = await server.db.query<{ table: string; column: string }>(
    `SELECT c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(10);
  const found: string[] = [];
  for (const { table, column } of columns) {
    const [row] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public."${table}" WHERE strpos(lower("${column}"::text), lower($1)) > 0`,
      [needle],
    );
    if (row!.n > 0) found.push(`${table}.${column}`);
  }
  return found;
}

test('deleteUser removes every trace but the audit entry, and the email can register again', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const service = await server.client(appId, 'service');
  // Unique to this run: the scan covers a database other tests fill too.
  const marker = `Hamilton${randomUUID().slice(0, 8)}`;
  const email = `margaret.${marker.toLowerCase()}@apollo.example`;
  const { createTag } = await admin.ok(`mutation { createTag(input: { name: "Apollo" }) { id } }`);
  const { createUser } = await admin.ok(CREATE, {
    input: { email, name: `Margaret ${marker}`, password: 'lunar module 1969', tagIds: [createTag.id] },
  });
  const userId = createUser.id as string;
  // Leave traces everywhere: edits, a ban with a reason, activity with the email in its metadata,
  // a reset token, sign-in failures under the email, queued and delivered webhooks.
  await admin.ok(`mutation($id: ID!, $name: String) { updateUser(id: $id, input: { name: $name }) { id } }`, { id: userId, name: `Margaret H. ${marker}` });
  await admin.ok(`mutation($id: ID!, $reason: String) { setUserStatus(id: $id, status: BANNED, reason: $reason) { id } }`, {
    id: userId,
    reason: `${marker} asked for a pause`,
  });
  await admin.ok(`mutation($id: ID!) { setUserStatus(id: $id, status: ACTIVE) { id } }`, { id: userId });
  await service.ok(`mutation($events: [ActivityInput!]!) { recordActivity(events: $events) }`, {
    events: [{ userId, kind: 'CUSTOM', name: '/profile', metadata: { email, note: marker } }],
  });
  await admin.ok(`mutation($id: ID!) { sendPasswordReset(userId: $id, delivery: LINK) { resetUrl } }`, { id: userId });
  await service.error(`mutation { verifyCredentials(email: "${email}", password: "wrong guess 1") { id } }`);
  await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.unbanned');
  receiver.status = 503;
  await admin.ok(`mutation($id: ID!, $reason: String) { setUserStatus(id: $id, status: BANNED, reason: $reason) { id } }`, {
    id: userId,
    reason: `${marker} again`,
  });
  expect(await findEverywhere(email)).toEqual(
    expect.arrayContaining(['users.email', 'audit_log.details', 'activity_events.metadata', 'sign_in_failures.email']),
  );

  receiver.status = 200;
  expect(await admin.ok(DELETE, { id: userId })).toEqual({ deleteUser: userId });

  expect(await findEverywhere(email)).toEqual([]);
  expect(await findEverywhere(marker)).toEqual([]);
  for (const table of ['activity_events', 'password_reset_tokens', 'user_last_access']) {
    expect(await server.db.query(`SELECT 1 FROM ${table} WHERE user_id = $1`, [userId])).toHaveLength(0);
  }
  // Only the user.deleted webhook is left about the user, and it carries the id alone.
  const outbox = await server.db.query<{ type: string }>('SELECT type FROM webhook_outbox WHERE user_id = $1', [userId]);
  expect(outbox.map((row) => row.type)).toEqual(['user.deleted']);
  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.deleted');
  expect(hook!.json).toMatchObject({ appId, userId, data: {} });

  const { auditLog } = await admin.ok(`query($u: ID) { auditLog(userId: $u, first: 1) { edges { node { action actor role targetUserId details } } } }`, {
    u: userId,
  });
  expect(auditLog.edges[0].node).toEqual({ action: 'user.deleted', actor: 'admin@test', role: 'admin', targetUserId: userId, details: {} });
  const history = await admin.ok(`query($u: ID) { auditLog(userId: $u) { edges { node { action } } } }`, { u: userId });
  expect(history.auditLog.edges.length).toBeGreaterThan(4);

  expect((await admin.ok(`query($id: ID!) { user(id: $id) { id } }`, { id: userId })).user).toBeNull();
  const { tags } = await admin.ok(`{ tags { name userCount } }`);
  expect(tags).toEqual([{ name: 'Apollo', userCount: 0 }]);

  const again = await service.ok(CREATE, { input: { email, password: 'second life 2024' } });
  expect(again.createUser.id).not.toBe(userId);
  await service.ok(`mutation { verifyCredentials(email: "${email}", password: "second life 2024") { id } }`);
});

test('deleteUser is for admins, inside their own app', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const { createUser } = await admin.ok(CREATE, { input: { email: 'keep@example.com' } });
  for (const role of ['viewer', 'manager', 'service'] as const) {
    expect((await (await server.client(appId, role)).error(DELETE, { id: createUser.id })).extensions?.code).toBe('FORBIDDEN');
  }
  const stranger = await server.client(newAppId(), 'admin');
  expect((await stranger.error(DELETE, { id: createUser.id })).extensions?.code).toBe('NOT_FOUND');
  expect((await admin.error(DELETE, { id: 'not-an-id' })).extensions?.code).toBe('NOT_FOUND');
  expect((await admin.ok(`query($id: ID!) { user(id: $id) { email } }`, { id: createUser.id })).user).toEqual({ email: 'keep@example.com' });
});
