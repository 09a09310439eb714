import { createTag, CREATE_FIELD, CREATE_USER } from '../support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
let client: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client(newAppId(), 'admin');
  await client.ok(CREATE_FIELD, { input: { key: 'company', label: 'Company', type: 'TEXT' } });
  await client.ok(CREATE_FIELD, { input: { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free', 'Pro'], required: true } });
  await client.ok(CREATE_FIELD, { input: { key: 'seats', label: 'Seats', type: 'NUMBER' } });
  await client.ok(CREATE_FIELD, { input: { key: 'newsletter', label: 'Newsletter', type: 'BOOLEAN' } });
  await client.ok(CREATE_FIELD, { input: { key: 'birthday', label: 'Birthday', type: 'DATE' } });
});
afterAll(() => server.close());

const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id email name status profile tagCount tags { name } } }`;
const SET_STATUS = `mutation($id: ID!, $status: UserStatus!, $reason: String) { setUserStatus(id: $id, status: $status, reason: $reason) { id status bannedAt banReason } }`;
const SET_STATUSES = `mutation($ids: [ID!]!, $status: UserStatus!, $reason: String) { setUsersStatus(ids: $ids, status: $status, reason: $reason) }`;

let sequence = 0;
async function newUser(extra: Record<string, unknown> = {}) {
  sequence += 1;
  const { createUser } = await client.ok(CREATE_USER, { input: { email: `person${sequence}@example.com`, profile: { plan: 'Free' }, ...extra } });
  return createUser;
}

describe('createUser', () => {
  test('stores the user with a normalised email, profile and tags', async () => {
    const vip = await createTag(client, 'VIP');
    const { createUser } = await client.ok(CREATE_USER, {
      input: {
        email: '  Mixed.Case@Example.COM ',
        name: '  Ada Lovelace ',
        profile: { plan: 'Pro', seats: 3, newsletter: true, birthday: '1815-12-10', company: 'Analytical' },
        tagIds: [vip.id],
      },
    });
    expect(createUser).toMatchObject({
      email: 'mixed.case@example.com',
      name: 'Ada Lovelace',
      status: 'ACTIVE',
      profile: { plan: 'Pro', seats: 3, newsletter: true, birthday: '1815-12-10', company: 'Analytical' },
      tagCount: 1,
    });
    const { user } = await client.ok(`query($id: ID!) { user(id: $id) { email tags { id name } } }`, { id: createUser.id });
    expect(user).toEqual({ email: 'mixed.case@example.com', tags: [{ id: vip.id, name: 'VIP' }] });
  });

  test('an email is unique regardless of case', async () => {
    await newUser({ email: 'unique@example.com' });
    const error = await client.error(CREATE_USER, { input: { email: 'UNIQUE@example.com', profile: { plan: 'Free' } } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
  });

  test.each([
    ['no at sign', 'plainaddress'],
    ['no domain dot', 'someone@localhost'],
    ['spaces', 'some one@example.com'],
    ['two at signs', 'a@b@example.com'],
    ['empty', '   '],
    ['too long', `${'a'.repeat(60)}@${'b'.repeat(200)}.com`],
  ])('an invalid email (%s) is refused naming input.email', async (_label, email) => {
    const error = await client.error(CREATE_USER, { input: { email, profile: { plan: 'Free' } } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  });

  test.each([
    ['an unknown key', { plan: 'Free', shoe_size: 42 }, 'input.profile.shoe_size'],
    ['text for a number', { plan: 'Free', seats: 'three' }, 'input.profile.seats'],
    ['a string for a boolean', { plan: 'Free', newsletter: 'yes' }, 'input.profile.newsletter'],
    ['an impossible date', { plan: 'Free', birthday: '2023-02-30' }, 'input.profile.birthday'],
    ['a date in another format', { plan: 'Free', birthday: '10/12/1815' }, 'input.profile.birthday'],
    ['an option that does not exist', { plan: 'Gold' }, 'input.profile.plan'],
    ['a number for text', { plan: 'Free', company: 12 }, 'input.profile.company'],
    ['a missing required value', { company: 'Acme' }, 'input.profile.plan'],
    ['a null required value', { plan: null }, 'input.profile.plan'],
    ['a nested object', { plan: 'Free', company: { name: 'x' } }, 'input.profile.company'],
  ])('a profile with %s is refused naming the field', async (_label, profile, field) => {
    const error = await client.error(CREATE_USER, { input: { email: `bad-profile-${field}@example.com`, profile } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(field.split('.').at(-1)!);
  });

  test('an unknown tag is refused and no user is created', async () => {
    const error = await client.error(CREATE_USER, {
      input: { email: 'tagged@example.com', profile: { plan: 'Free' }, tagIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'tagIds' });
    const { users } = await client.ok(`{ users(filter: { search: "tagged@example.com" }) { totalCount } }`);
    expect(users.totalCount).toBe(0);
  });

  test('a malformed tag id is refused by name', async () => {
    const error = await client.error(CREATE_USER, { input: { email: 'x1@example.com', profile: { plan: 'Free' }, tagIds: ['nope'] } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tagIds' });
  });

  test('a name with control characters or over 200 characters is refused', async () => {
    for (const name of ['bell\u0007', 'line\nbreak', 'x'.repeat(201), 'nul\u0000']) {
      const error = await client.error(CREATE_USER, { input: { email: 'named@example.com', name, profile: { plan: 'Free' } } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    }
  });

  test('a user created banned carries bannedAt', async () => {
    const user = await newUser({ status: 'BANNED' });
    expect(user.status).toBe('BANNED');
    const { user: read } = await client.ok(`query($id: ID!) { user(id: $id) { bannedAt } }`, { id: user.id });
    expect(read.bannedAt).not.toBeNull();
  });

  test('gives time-ordered ids (UUID version 7) that carry the creation time', async () => {
    const before = Date.now();
    const first = await newUser();
    const second = await newUser();
    const millis = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    for (const { id } of [first, second]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // The database clock and this one agree within a few seconds.
      expect(Math.abs(millis(id) - before)).toBeLessThan(5000);
    }
    expect(millis(second.id)).toBeGreaterThanOrEqual(millis(first.id));
  });
});

describe('updateUser', () => {
  test('changes only what is given; profile values merge and null removes one', async () => {
    const user = await newUser({ name: 'Before', profile: { plan: 'Free', company: 'Old Co', seats: 1 } });
    const { updateUser } = await client.ok(UPDATE_USER, { id: user.id, input: { profile: { company: 'New Co', seats: null } } });
    expect(updateUser).toMatchObject({ name: 'Before', email: user.email, profile: { plan: 'Free', company: 'New Co' } });
    expect(updateUser.profile).not.toHaveProperty('seats');
    const renamed = await client.ok(UPDATE_USER, { id: user.id, input: { name: 'After', email: 'After@Example.com' } });
    expect(renamed.updateUser).toMatchObject({ name: 'After', email: 'after@example.com', profile: { plan: 'Free', company: 'New Co' } });
    const unnamed = await client.ok(UPDATE_USER, { id: user.id, input: { name: null } });
    expect(unnamed.updateUser.name).toBeNull();
  });

  test('a required value cannot be removed', async () => {
    const user = await newUser();
    const error = await client.error(UPDATE_USER, { id: user.id, input: { profile: { plan: null } } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.profile.plan' });
  });

  test('tagIds replaces the tags', async () => {
    const [a, b] = [await createTag(client, 'Replace A'), await createTag(client, 'Replace B')];
    const user = await newUser({ tagIds: [a.id] });
    const { updateUser } = await client.ok(UPDATE_USER, { id: user.id, input: { tagIds: [b.id, b.id] } });
    expect(updateUser.tags).toEqual([{ name: 'Replace B' }]);
    expect(updateUser.tagCount).toBe(1);
  });

  test("changing to another user's email is a conflict and changes nothing", async () => {
    const first = await newUser();
    const second = await newUser();
    const error = await client.error(UPDATE_USER, { id: second.id, input: { email: first.email.toUpperCase(), name: 'Changed' } });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    const { user } = await client.ok(`query($id: ID!) { user(id: $id) { email name } }`, { id: second.id });
    expect(user).toEqual({ email: second.email, name: null });
  });

  test.each([
    ['an unknown id', '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', 'abc'],
  ])('%s is NOT_FOUND', async (_label, id) => {
    const error = await client.error(UPDATE_USER, { id, input: { name: 'x' } });
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('status', () => {
  test('a ban records when and why; unbanning clears both', async () => {
    const user = await newUser();
    const before = Date.now();
    const { setUserStatus: banned } = await client.ok(SET_STATUS, { id: user.id, status: 'BANNED', reason: 'Spam' });
    expect(banned.status).toBe('BANNED');
    expect(banned.banReason).toBe('Spam');
    expect(new Date(banned.bannedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const { setUserStatus: again } = await client.ok(SET_STATUS, { id: user.id, status: 'BANNED', reason: 'Spam and abuse' });
    expect(again.bannedAt).toBe(banned.bannedAt);
    expect(again.banReason).toBe('Spam and abuse');
    const { setUserStatus: active } = await client.ok(SET_STATUS, { id: user.id, status: 'ACTIVE' });
    expect(active).toMatchObject({ status: 'ACTIVE', bannedAt: null, banReason: null });
  });

  test('a reason with ACTIVE, or over 500 characters, is refused', async () => {
    const user = await newUser();
    expect((await client.error(SET_STATUS, { id: user.id, status: 'ACTIVE', reason: 'why' })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect((await client.error(SET_STATUS, { id: user.id, status: 'BANNED', reason: 'x'.repeat(501) })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
  });

  test('an unknown status value is refused by GraphQL', async () => {
    const user = await newUser();
    const error = await client.error(SET_STATUS, { id: user.id, status: 'DELETED' });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.status).toBe(400);
  });

  test('setUsersStatus changes many at once and counts only real changes', async () => {
    const users = [await newUser(), await newUser(), await newUser()];
    await client.ok(SET_STATUS, { id: users[0].id, status: 'BANNED' });
    const ids = [...users.map((user) => user.id), '00000000-0000-4000-8000-000000000000'];
    expect((await client.ok(SET_STATUSES, { ids, status: 'BANNED', reason: 'Bulk' })).setUsersStatus).toBe(2);
    expect((await client.ok(SET_STATUSES, { ids, status: 'BANNED' })).setUsersStatus).toBe(0);
    const { users: page } = await client.ok(`{ users(filter: { status: BANNED }, first: 500) { edges { node { id banReason } } } }`);
    const banned = page.edges.filter((edge: { node: { id: string } }) => users.some((user) => user.id === edge.node.id));
    expect(banned).toHaveLength(3);
    expect((await client.ok(SET_STATUSES, { ids, status: 'ACTIVE' })).setUsersStatus).toBe(3);
  });

  test('setUsersStatus names a malformed id', async () => {
    const error = await client.error(SET_STATUSES, { ids: ['not-an-id'], status: 'BANNED' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});
