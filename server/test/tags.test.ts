import { createTag, CREATE_TAG, CREATE_USER } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
let client: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client(newAppId(), 'admin');
});
afterAll(() => server.close());

const ADD = `mutation($userIds: [ID!]!, $tagIds: [ID!]!) { addTagsToUsers(userIds: $userIds, tagIds: $tagIds) }`;
const REMOVE = `mutation($userIds: [ID!]!, $tagIds: [ID!]!) { removeTagsFromUsers(userIds: $userIds, tagIds: $tagIds) }`;
const UPDATE_TAG = `mutation($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) { id name color } }`;
const DELETE_TAG = `mutation($id: ID!) { deleteTag(id: $id) }`;
const USER_TAGS = `query($id: ID!) { user(id: $id) { tagCount tags { name } } }`;

let sequence = 0;
async function newUsers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    sequence += 1;
    ids.push((await client.ok(CREATE_USER, { input: { email: `tagged${sequence}@example.com` } })).createUser.id);
  }
  return ids;
}

test('tags are listed by name with how many users carry them', async () => {
  const local = await server.client(newAppId(), 'admin');
  const zebra = await createTag(local, 'zebra');
  const apple = await createTag(local, 'Apple', '#FF0000');
  const { createUser } = await local.ok(CREATE_USER, { input: { email: 'one@example.com', tagIds: [zebra.id, apple.id] } });
  await local.ok(CREATE_USER, { input: { email: 'two@example.com', tagIds: [zebra.id] } });
  const { tags } = await local.ok('{ tags { name color userCount } }');
  expect(tags).toEqual([
    { name: 'Apple', color: '#ff0000', userCount: 1 },
    { name: 'zebra', color: expect.stringMatching(/^#[0-9a-f]{6}$/), userCount: 2 },
  ]);
  expect(createUser.tagCount).toBe(2);
});

test('a tag name is unique regardless of case', async () => {
  await createTag(client, 'Beta');
  const error = await client.error(CREATE_TAG, { input: { name: ' BETA ' } });
  expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
});

test.each([
  ['an empty name', { name: '  ' }, 'input.name'],
  ['a name with ;', { name: 'a;b' }, 'input.name'],
  ['a name over 64 characters', { name: 'x'.repeat(65) }, 'input.name'],
  ['a colour that is not hex', { name: 'Colourful', color: 'red' }, 'input.color'],
  ['a short hex colour', { name: 'Colourful', color: '#fff' }, 'input.color'],
])('%s is refused naming the field', async (_label, input, field) => {
  const error = await client.error(CREATE_TAG, { input });
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
});

test('updateTag renames and recolours; a taken name is a conflict', async () => {
  const tag = await createTag(client, 'Old name');
  await createTag(client, 'Taken');
  const { updateTag } = await client.ok(UPDATE_TAG, { id: tag.id, input: { name: 'New name', color: '#00AA00' } });
  expect(updateTag).toEqual({ id: tag.id, name: 'New name', color: '#00aa00' });
  const error = await client.error(UPDATE_TAG, { id: tag.id, input: { name: 'taken' } });
  expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
  expect((await client.error(UPDATE_TAG, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } })).extensions?.code).toBe('NOT_FOUND');
});

test('addTagsToUsers counts the links it made; adding again is harmless', async () => {
  const users = await newUsers(3);
  const [a, b] = [await createTag(client, 'Add A'), await createTag(client, 'Add B')];
  await client.ok(ADD, { userIds: [users[0]], tagIds: [a.id] });
  expect((await client.ok(ADD, { userIds: users, tagIds: [a.id, b.id] })).addTagsToUsers).toBe(5);
  expect((await client.ok(ADD, { userIds: users, tagIds: [a.id, b.id] })).addTagsToUsers).toBe(0);
  for (const id of users) {
    expect((await client.ok(USER_TAGS, { id })).user).toEqual({ tagCount: 2, tags: [{ name: 'Add A' }, { name: 'Add B' }] });
  }
});

test('removeTagsFromUsers counts the links it removed', async () => {
  const users = await newUsers(2);
  const [a, b, c] = [await createTag(client, 'Rm A'), await createTag(client, 'Rm B'), await createTag(client, 'Rm C')];
  await client.ok(ADD, { userIds: users, tagIds: [a.id, b.id, c.id] });
  expect((await client.ok(REMOVE, { userIds: users, tagIds: [a.id, b.id] })).removeTagsFromUsers).toBe(4);
  expect((await client.ok(REMOVE, { userIds: users, tagIds: [a.id, b.id] })).removeTagsFromUsers).toBe(0);
  expect((await client.ok(USER_TAGS, { id: users[0] })).user).toEqual({ tagCount: 1, tags: [{ name: 'Rm C' }] });
});

test('an unknown tag makes the whole call fail and changes nothing', async () => {
  const users = await newUsers(1);
  const a = await createTag(client, 'Atomic');
  const error = await client.error(ADD, { userIds: users, tagIds: [a.id, '00000000-0000-4000-8000-000000000000'] });
  expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'tagIds' });
  expect((await client.ok(USER_TAGS, { id: users[0] })).user.tagCount).toBe(0);
});

test('malformed ids are refused naming the argument', async () => {
  const a = await createTag(client, 'Malformed');
  expect((await client.error(ADD, { userIds: ['x'], tagIds: [a.id] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
  expect((await client.error(REMOVE, { userIds: [], tagIds: ['y'] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tagIds' });
});

test('empty lists change nothing', async () => {
  expect((await client.ok(ADD, { userIds: [], tagIds: [] })).addTagsToUsers).toBe(0);
});

test('deleting a tag takes it off every user', async () => {
  const users = await newUsers(2);
  const [gone, kept] = [await createTag(client, 'Gone'), await createTag(client, 'Kept')];
  await client.ok(ADD, { userIds: users, tagIds: [gone.id, kept.id] });
  expect((await client.ok(DELETE_TAG, { id: gone.id })).deleteTag).toBe(gone.id);
  expect((await client.ok(USER_TAGS, { id: users[1] })).user).toEqual({ tagCount: 1, tags: [{ name: 'Kept' }] });
  const { users: page } = await client.ok(`query($tag: ID!) { users(filter: { tags: { any: [$tag] } }) { totalCount } }`, { tag: gone.id });
  expect(page.totalCount).toBe(0);
  expect((await client.error(DELETE_TAG, { id: gone.id })).extensions?.code).toBe('NOT_FOUND');
});
