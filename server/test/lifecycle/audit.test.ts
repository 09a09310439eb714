import { newAppId, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { lifecycle: { jobs: false } });
});
afterAll(() => server.close());

const LOG = `query($u: ID, $first: Int, $after: String) { auditLog(userId: $u, first: $first, after: $after) {
  edges { cursor node { id at actor role action targetUserId details } } pageInfo { hasNextPage endCursor } } }`;

test('every change to users, tags and fields is recorded with actor, role and before/after', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const manager = await server.client(appId, 'manager');
  const service = await server.client(appId, 'service');

  await admin.ok(`mutation { createProfileField(input: { key: "plan", label: "Plan", type: SELECT, options: ["Free", "Pro"] }) { id } }`);
  const { createTag } = await manager.ok(`mutation { createTag(input: { name: "VIP", color: "#ff0000" }) { id } }`);
  await manager.ok(`mutation($id: ID!) { updateTag(id: $id, input: { name: "Very VIP" }) { id } }`, { id: createTag.id });
  const { createUser } = await service.ok(
    `mutation { createUser(input: { email: "ada@example.com", name: "Ada", password: "secret password 1", profile: { plan: "Free" } }) { id } }`,
  );
  const userId = createUser.id;
  await admin.ok(`mutation($id: ID!) { updateUser(id: $id, input: { name: "Ada L.", profile: { plan: "Pro" } }) { id } }`, { id: userId });
  await manager.ok(`mutation($u: [ID!]!, $t: [ID!]!) { addTagsToUsers(userIds: $u, tagIds: $t) }`, { u: [userId], t: [createTag.id] });
  await manager.ok(`mutation($u: [ID!]!, $t: [ID!]!) { removeTagsFromUsers(userIds: $u, tagIds: $t) }`, { u: [userId], t: [createTag.id] });
  await manager.ok(`mutation($id: ID!) { setUserStatus(id: $id, status: BANNED, reason: "Spam") { id } }`, { id: userId });
  await manager.ok(`mutation($u: [ID!]!) { setUsersStatus(ids: $u, status: ACTIVE) }`, { u: [userId] });
  await manager.ok(`mutation($id: ID!) { deleteTag(id: $id) }`, { id: createTag.id });

  const { auditLog } = await admin.ok(LOG, { first: 50 });
  const entries = auditLog.edges.map((edge: any) => edge.node).reverse();
  expect(entries.map((entry: any) => [entry.action, entry.actor, entry.role])).toEqual([
    ['profile_field.created', 'admin@test', 'admin'],
    ['tag.created', 'manager@test', 'manager'],
    ['tag.updated', 'manager@test', 'manager'],
    ['user.created', 'service@test', 'service'],
    ['user.updated', 'admin@test', 'admin'],
    ['user.tags_added', 'manager@test', 'manager'],
    ['user.tags_removed', 'manager@test', 'manager'],
    ['user.banned', 'manager@test', 'manager'],
    ['user.unbanned', 'manager@test', 'manager'],
    ['tag.deleted', 'manager@test', 'manager'],
  ]);
  const byAction = Object.fromEntries(entries.map((entry: any) => [entry.action, entry]));
  expect(byAction['tag.updated'].details).toEqual({
    tagId: createTag.id,
    before: { name: 'VIP', color: '#ff0000' },
    after: { name: 'Very VIP', color: '#ff0000' },
  });
  expect(byAction['user.created']).toMatchObject({
    targetUserId: userId,
    details: { after: { email: 'ada@example.com', name: 'Ada', hasPassword: true, status: 'ACTIVE' } },
  });
  expect(byAction['user.updated'].details.before).toMatchObject({ name: 'Ada', profile: { plan: 'Free' } });
  expect(byAction['user.updated'].details.after).toMatchObject({ name: 'Ada L.', profile: { plan: 'Pro' } });
  expect(byAction['user.tags_added'].details).toEqual({ before: { tagIds: [] }, after: { tagIds: [createTag.id] } });
  expect(byAction['user.banned'].details.after).toMatchObject({ status: 'BANNED', banReason: 'Spam' });
  expect(byAction['user.unbanned'].details).toMatchObject({ before: { status: 'BANNED' }, after: { status: 'ACTIVE' } });
  expect(byAction['tag.deleted'].details).toEqual({ tagId: createTag.id, before: { name: 'Very VIP', color: '#ff0000' }, usersUntagged: 0 });
  // Never a password or a hash.
  expect(JSON.stringify(auditLog)).not.toMatch(/secret password|argon2/);

  const { auditLog: mine } = await admin.ok(LOG, { u: userId });
  expect(mine.edges.map((edge: any) => edge.node.action)).toEqual([
    'user.unbanned',
    'user.banned',
    'user.tags_removed',
    'user.tags_added',
    'user.updated',
    'user.created',
  ]);
});

test('a change that fails leaves no entry, and an entry never exists without its change', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  await admin.ok(`mutation { createUser(input: { email: "taken@example.com" }) { id } }`);
  expect((await admin.error(`mutation { createUser(input: { email: "TAKEN@example.com" }) { id } }`)).extensions?.code).toBe('CONFLICT');
  await admin.ok(`mutation { createTag(input: { name: "One" }) { id } }`);
  expect((await admin.error(`mutation { createTag(input: { name: "one" }) { id } }`)).extensions?.code).toBe('CONFLICT');
  const { auditLog } = await admin.ok(LOG, {});
  expect(auditLog.edges.map((edge: any) => edge.node.action)).toEqual(['tag.created', 'user.created']);
});

test('the log pages newest first by keyset and stays inside the app; only admins read it', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  for (let index = 0; index < 5; index += 1) await admin.ok(`mutation { createTag(input: { name: "t${index}" }) { id } }`);
  const first = (await admin.ok(LOG, { first: 2 })).auditLog;
  const second = (await admin.ok(LOG, { first: 2, after: first.pageInfo.endCursor })).auditLog;
  const third = (await admin.ok(LOG, { first: 2, after: second.pageInfo.endCursor })).auditLog;
  const names = [first, second, third].flatMap((page) => page.edges.map((edge: any) => edge.node.details.after.name));
  expect(names).toEqual(['t4', 't3', 't2', 't1', 't0']);
  expect(third.pageInfo.hasNextPage).toBe(false);

  const other = await server.client(newAppId(), 'admin');
  expect((await other.ok(LOG, {})).auditLog.edges).toEqual([]);
  for (const role of ['viewer', 'manager', 'service'] as const) {
    expect((await (await server.client(appId, role)).error(LOG, {})).extensions?.code).toBe('FORBIDDEN');
  }
  expect((await admin.error(LOG, { after: 'garbage' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  expect((await admin.error(LOG, { first: 501 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  expect((await admin.error(LOG, { u: 'x' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
});

test('other domains record their own actions through AuditService.record, in their transaction', async () => {
  const appId = newAppId();
  const actor = { appId, subject: 'importer@test', role: 'admin' as const };
  await server.db.transaction((tx) => server.services.audit.record(tx, actor, [{ action: 'csv.import', details: { rows: 3, created: 2, updated: 1 } }]));
  await expect(
    server.db.transaction(async (tx) => {
      await server.services.audit.record(tx, actor, [{ action: 'csv.export', details: { rows: 9 } }]);
      throw new Error('the export failed');
    }),
  ).rejects.toThrow('the export failed');
  const { auditLog } = await (await server.client(appId, 'admin')).ok(LOG, {});
  expect(auditLog.edges.map((edge: any) => [edge.node.action, edge.node.actor, edge.node.details])).toEqual([
    ['csv.import', 'importer@test', { rows: 3, created: 2, updated: 1 }],
  ]);
});
