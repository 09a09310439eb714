import { createTag, CREATE_FIELD, CREATE_USER } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from './support/harness';

/** A second app can neither see nor change the first app's users, tags or fields. */

let server: TestServer;
let first: GraphQLClient;
let second: GraphQLClient;
let userId: string;
let tagId: string;

beforeAll(async () => {
  server = await startTestServer();
  first = await server.client(newAppId(), 'admin');
  second = await server.client(newAppId(), 'admin');
  await first.ok(CREATE_FIELD, { input: { key: 'secret_field', label: 'Secret', type: 'TEXT' } });
  tagId = (await createTag(first, 'Private')).id;
  userId = (await first.ok(CREATE_USER, { input: { email: 'private@example.com', name: 'Private Person', tagIds: [tagId], profile: { secret_field: 'x' } } }))
    .createUser.id;
});
afterAll(() => server.close());

test('lists: users, counts, tags and fields of the other app are not there', async () => {
  const data = await second.ok(`{
    users(filter: { search: "private" }) { totalCount edges { node { id } } }
    all: users { totalCount }
    userCounts { all }
    tags { id }
    profileFields { key }
  }`);
  expect(data).toEqual({ users: { totalCount: 0, edges: [] }, all: { totalCount: 0 }, userCounts: { all: 0 }, tags: [], profileFields: [] });
});

test('by id: the other app gets null', async () => {
  expect((await second.ok('query($id: ID!) { user(id: $id) { id } }', { id: userId })).user).toBeNull();
});

test('a filter by the other app tag finds nothing', async () => {
  const { users } = await second.ok('query($t: ID!) { users(filter: { tags: { any: [$t] } }) { totalCount } }', { t: tagId });
  expect(users.totalCount).toBe(0);
});

test('mutations on the other app data are NOT_FOUND or change nothing', async () => {
  expect((await second.error('mutation($id: ID!) { updateUser(id: $id, input: { name: "Hacked" }) { id } }', { id: userId })).extensions?.code).toBe(
    'NOT_FOUND',
  );
  expect((await second.error('mutation($id: ID!) { setUserStatus(id: $id, status: BANNED) { id } }', { id: userId })).extensions?.code).toBe('NOT_FOUND');
  expect((await second.ok('mutation($id: ID!) { setUsersStatus(ids: [$id], status: BANNED) }', { id: userId })).setUsersStatus).toBe(0);
  expect((await second.error('mutation($id: ID!) { updateTag(id: $id, input: { name: "Hacked" }) { id } }', { id: tagId })).extensions?.code).toBe('NOT_FOUND');
  expect((await second.error('mutation($id: ID!) { deleteTag(id: $id) }', { id: tagId })).extensions?.code).toBe('NOT_FOUND');
  expect((await second.error('mutation($u: ID!, $t: ID!) { addTagsToUsers(userIds: [$u], tagIds: [$t]) }', { u: userId, t: tagId })).extensions?.code).toBe(
    'NOT_FOUND',
  );
  expect(
    (await second.error('mutation($u: ID!, $t: ID!) { removeTagsFromUsers(userIds: [$u], tagIds: [$t]) }', { u: userId, t: tagId })).extensions?.code,
  ).toBe('NOT_FOUND');
  // Its own tag on the first app's user: the user is simply not among its users.
  const ownTag = await createTag(second, 'Own');
  expect((await second.ok('mutation($u: ID!, $t: ID!) { addTagsToUsers(userIds: [$u], tagIds: [$t]) }', { u: userId, t: ownTag.id })).addTagsToUsers).toBe(0);
  // Nor can it attach the first app's tag to a user of its own.
  expect(
    (await second.error('mutation($t: ID!) { createUser(input: { email: "mine@example.com", tagIds: [$t] }) { id } }', { t: tagId })).extensions?.code,
  ).toBe('NOT_FOUND');

  const { user } = await first.ok('query($id: ID!) { user(id: $id) { name status tags { id name } } }', { id: userId });
  expect(user).toEqual({ name: 'Private Person', status: 'ACTIVE', tags: [{ id: tagId, name: 'Private' }] });
});

test('the same email and tag name may exist in both apps', async () => {
  await second.ok(CREATE_USER, { input: { email: 'private@example.com' } });
  await createTag(second, 'Private');
});
