/**
 * The service role (the host app's backend) writes registration data and
 * reads back only the account's id, email and dates; a status change through
 * updateUser is a ban or an unban in the history and the webhooks; an update
 * that changes nothing writes no history.
 */
import { newAppId, startTestServer, type GraphQLClient, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function app(): Promise<{ appId: string; admin: GraphQLClient; service: GraphQLClient; userId: string; tagId: string }> {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const service = await server.client(appId, 'service');
  const { createTag } = await admin.ok('mutation { createTag(input: { name: "VIP" }) { id } }');
  const { createUser } = await admin.ok(
    `mutation($tag: ID!) { createUser(input: { email: "kept@example.com", name: "Kept Private", profile: {}, tagIds: [$tag] }) { id } }`,
    { tag: createTag.id },
  );
  await admin.ok(`mutation($id: ID!) { setUserStatus(id: $id, status: BANNED, reason: "Chargeback") { id } }`, { id: createUser.id });
  return { appId, admin, service, userId: createUser.id, tagId: createTag.id };
}

const history = async (appId: string, userId: string) =>
  (await server.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE app_id = $1 AND target_user_id = $2 ORDER BY at, id`, [appId, userId])).map(
    (entry) => entry.action,
  );

test('a service token reads back only id, email and the dates: never the name, profile, status, ban or tags', async () => {
  const { service, userId } = await app();
  const allowed = await service.ok(`mutation($id: ID!) { updateUser(id: $id, input: {}) { id email signedUpAt lastAccessAt createdAt updatedAt } }`, {
    id: userId,
  });
  expect(allowed.updateUser).toMatchObject({ id: userId, email: 'kept@example.com' });
  for (const field of ['name', 'profile', 'status', 'banReason', 'bannedAt', 'bannedBy', 'bannedUntil', 'tags { name }', 'tagCount']) {
    const refused = await service.request(`mutation($id: ID!) { updateUser(id: $id, input: {}) { id ${field} } }`, { id: userId });
    expect([field, refused.errors?.[0]?.extensions?.code]).toEqual([field, 'FORBIDDEN']);
    expect(JSON.stringify(refused.data ?? {})).not.toMatch(/Kept Private|Chargeback|VIP/);
  }
  const created = await service.request(`mutation { createUser(input: { email: "new@example.com", name: "New" }) { id email name } }`);
  expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('a service token sets no status and no tags, on create or update; the user is left as it was', async () => {
  const { appId, service, userId, tagId } = await app();
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['mutation($id: ID!) { updateUser(id: $id, input: { status: ACTIVE }) { id } }', { id: userId }, 'input.status'],
    ['mutation($id: ID!, $tag: ID!) { updateUser(id: $id, input: { tagIds: [$tag] }) { id } }', { id: userId, tag: tagId }, 'input.tagIds'],
    ['mutation { createUser(input: { email: "b@example.com", status: BANNED }) { id } }', {}, 'input.status'],
    ['mutation($tag: ID!) { createUser(input: { email: "t@example.com", tagIds: [$tag] }) { id } }', { tag: tagId }, 'input.tagIds'],
  ];
  for (const [query, variables, field] of cases) {
    const refused = await service.request(query, variables);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field } });
    expect(refused.errors?.[0]?.message).toMatch(/^The service role writes registration data only \(email, name, profile, password\)/);
  }
  const [row] = await server.db.query<{ status: string }>(`SELECT status FROM users WHERE id = $1`, [userId]);
  expect(row!.status).toBe('BANNED');
  const [others] = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE app_id = $1 AND email IN ('b@example.com', 't@example.com')`,
    [appId],
  );
  expect(others!.n).toBe(0);
  // Registration data it may write.
  const written = await service.ok(`mutation($id: ID!) { updateUser(id: $id, input: { email: "moved@example.com" }) { id email } }`, { id: userId });
  expect(written.updateUser.email).toBe('moved@example.com');
});

test("an admin's status change through updateUser is an unban in the history; an update that changes nothing writes none", async () => {
  const { appId, admin, userId } = await app();
  const before = await history(appId, userId);
  expect(before.at(-1)).toBe('user.banned');
  await admin.ok(`mutation($id: ID!) { updateUser(id: $id, input: {}) { id } }`, { id: userId });
  await admin.ok(`mutation($id: ID!) { updateUser(id: $id, input: { name: "Kept Private" }) { id } }`, { id: userId });
  expect(await history(appId, userId)).toEqual(before);
  await admin.ok(`mutation($id: ID!) { updateUser(id: $id, input: { status: ACTIVE }) { id status } }`, { id: userId });
  expect((await history(appId, userId)).slice(before.length)).toEqual(['user.unbanned']);
  await admin.ok(`mutation($id: ID!) { updateUser(id: $id, input: { status: BANNED, name: "Renamed" }) { id } }`, { id: userId });
  expect((await history(appId, userId)).slice(before.length)).toEqual(['user.unbanned', 'user.banned', 'user.updated']);
});
