import { CREATE_USER } from '../support/fixtures';
import { newAppId, startTestServer, type TestServer } from '../support/harness';

/**
 * Saved views through the API: a team's named filters (segments) with an
 * order and columns. Managers and admins save them, everyone of the app
 * reads them, no other app sees them; what a view holds is checked like
 * the filter of users(filter:), and a view's filter selects, counts and
 * bulk-acts like that filter.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const VIEW = 'id name filter orderBy columns createdBy updatedAt';
const SAVE = `mutation ($input: SavedViewInput!) { saveView(input: $input) { ${VIEW} } }`;
const UPDATE = `mutation ($id: ID!, $input: SavedViewInput!) { updateSavedView(id: $id, input: $input) { ${VIEW} } }`;
const DELETE = 'mutation ($id: ID!) { deleteSavedView(id: $id) }';
const LIST = `{ savedViews { ${VIEW} } }`;

async function appWithUsers() {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const { createTag } = await admin.ok('mutation { createTag(input: { name: "VIP" }) { id } }');
  for (const [email, name, tagged] of [
    ['ada@example.com', 'Ada Lovelace', true],
    ['grace@example.com', 'Grace Hopper', true],
    ['alan@example.com', 'Alan Turing', false],
  ] as const) {
    await admin.ok(CREATE_USER, { input: { email, name, tagIds: tagged ? [createTag.id] : [] } });
  }
  return { appId, admin, vip: createTag.id as string };
}

test('a saved view keeps its filter, order and columns, and its filter selects and counts what the same filter does', async () => {
  const { appId, admin, vip } = await appWithUsers();
  const input = {
    name: 'VIPs by name',
    filter: { status: 'ACTIVE', tags: { all: [vip] }, signedUp: { from: '2020-01-01T00:00:00.000Z' } },
    orderBy: { field: 'NAME', direction: 'ASC' },
    columns: ['name', 'email', 'tags'],
  };
  const { saveView } = await admin.ok(SAVE, { input });
  expect(saveView).toMatchObject({ name: 'VIPs by name', orderBy: input.orderBy, columns: input.columns, createdBy: expect.any(String) });
  expect(saveView.filter).toEqual(input.filter);

  const viewer = await server.client(appId, 'viewer');
  const { savedViews } = await viewer.ok(LIST);
  expect(savedViews).toEqual([saveView]);
  const [view] = savedViews;
  const shown = await viewer.ok('query ($filter: UserFilter, $orderBy: UserOrder) { users(filter: $filter, orderBy: $orderBy) { edges { node { name } } } }', {
    filter: view.filter,
    orderBy: view.orderBy,
  });
  expect(shown.users.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  const { userCounts } = await viewer.ok('query ($filter: UserFilter) { userCounts(filter: $filter) { all active banned estimated } }', {
    filter: view.filter,
  });
  expect(userCounts).toEqual({ all: 2, active: 2, banned: 0, estimated: false });

  // A segment for bulk work too: the count the admin confirms is the view's.
  const { startBulkJob } = await admin.ok(
    'mutation ($filter: UserFilter!) { startBulkJob(input: { action: BAN, filter: $filter, expectedCount: 2, reason: "segment" }) { id } }',
    { filter: view.filter },
  );
  expect(startBulkJob.id).toEqual(expect.any(String));
});

test('managers and admins save, update and delete views; viewers only read; another app sees none of them', async () => {
  const { appId, vip } = await appWithUsers();
  const manager = await server.client(appId, 'manager');
  const viewer = await server.client(appId, 'viewer');
  const { saveView } = await manager.ok(SAVE, { input: { name: 'Tagged', filter: { tags: { any: [vip] } } } });
  expect(saveView).toMatchObject({ orderBy: null, columns: null });

  expect((await viewer.error(SAVE, { input: { name: 'Mine', filter: {} } })).extensions?.code).toBe('FORBIDDEN');
  expect((await viewer.error(DELETE, { id: saveView.id })).extensions?.code).toBe('FORBIDDEN');

  const other = await server.client(newAppId(), 'admin');
  expect((await other.ok(LIST)).savedViews).toEqual([]);
  expect((await other.error(UPDATE, { id: saveView.id, input: { name: 'Taken', filter: {} } })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  expect((await other.error(DELETE, { id: saveView.id })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  expect((await other.error(DELETE, { id: 'not-an-id' })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });

  const { updateSavedView } = await manager.ok(UPDATE, { id: saveView.id, input: { name: 'Banned', filter: { status: 'BANNED' }, columns: ['name', 'plan'] } });
  expect(updateSavedView).toMatchObject({ id: saveView.id, name: 'Banned', filter: { status: 'BANNED' }, columns: ['name', 'plan'] });
  expect(new Date(updateSavedView.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(saveView.updatedAt).getTime());
  expect((await viewer.ok(LIST)).savedViews).toEqual([updateSavedView]);

  expect((await manager.ok(DELETE, { id: saveView.id })).deleteSavedView).toBe(saveView.id);
  expect((await viewer.ok(LIST)).savedViews).toEqual([]);
  expect((await manager.error(DELETE, { id: saveView.id })).extensions?.code).toBe('NOT_FOUND');

  const actions = await server.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE app_id = $1 AND action LIKE 'saved_view.%' ORDER BY id`, [
    appId,
  ]);
  expect(actions.map((entry) => entry.action)).toEqual(['saved_view.created', 'saved_view.updated', 'saved_view.deleted']);
});

test('what a view holds is checked, each problem named, and nothing is saved', async () => {
  const { appId, admin } = await appWithUsers();
  const refused = async (input: Record<string, unknown>) => (await admin.error(SAVE, { input })).extensions;

  await admin.ok(SAVE, { input: { name: 'Everyone', filter: {} } });
  expect(await refused({ name: 'EVERYONE', filter: {} })).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
  expect(await refused({ name: '   ', filter: {} })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect(await refused({ name: 'x'.repeat(81), filter: {} })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect(await refused({ name: 'Dates', filter: { signedUp: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.filter.signedUp',
  });
  expect(await refused({ name: 'Tags', filter: { tags: { all: ['nope'] } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.filter.tags.all' });
  expect(await refused({ name: 'Cols', filter: {}, columns: ['name', 'Robert"); DROP'] })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.columns',
  });
  expect(await refused({ name: 'Cols', filter: {}, columns: ['name', 'name'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.columns' });
  expect(await refused({ name: 'Cols', filter: {}, columns: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.columns' });
  expect((await admin.ok(LIST)).savedViews.map((view: { name: string }) => view.name)).toEqual(['Everyone']);

  // One app cannot pile up views without end.
  const [saved] = await server.db.query<{ count: number }>('SELECT count(*)::int AS count FROM saved_views WHERE app_id = $1', [appId]);
  for (let index = saved!.count; index < 50; index += 1) await admin.ok(SAVE, { input: { name: `View ${index}`, filter: {} } });
  expect(await refused({ name: 'One too many', filter: {} })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect((await admin.ok(LIST)).savedViews).toHaveLength(50);
});
