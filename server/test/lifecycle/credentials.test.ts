import * as argon2 from '@node-rs/argon2';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { MINUTE, TestClock } from '../support/test-clock';

// The real binding, with its verify wrapped so the test can count the Argon2 work each refusal does.
jest.mock('@node-rs/argon2', () => {
  const actual = jest.requireActual('@node-rs/argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email lastAccessAt } }`;
const VERIFY = `mutation($email: String!, $password: String!) { verifyCredentials(email: $email, password: $password) { id email lastAccessAt } }`;

let server: TestServer;
// Its server moves the clock and runs jobs over every app: a database of its own keeps other test files out of reach.
let database: OwnDatabase;
const clock = new TestClock();

beforeAll(async () => {
  database = await createOwnDatabase('um_credentials');
  server = await startTestServer({}, { databaseUrl: database.url, clock, lifecycle: { jobs: false } });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

async function registered(password = 'correct horse battery') {
  const appId = newAppId();
  const service = await server.client(appId, 'service');
  const { createUser } = await service.ok(CREATE, { input: { email: 'Ada@Example.com', name: 'Ada', password } });
  return { appId, service, user: createUser };
}

test('a password is stored as an Argon2id hash with OWASP parameters, never shown, and signs the user in', async () => {
  const { appId, service, user } = await registered();
  const [row] = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
  expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await argon2.verify(row!.password_hash, 'correct horse battery')).toBe(true);

  const { verifyCredentials } = await service.ok(VERIFY, { email: ' ADA@example.com ', password: 'correct horse battery' });
  expect(verifyCredentials).toMatchObject({ id: user.id, email: 'ada@example.com' });
  expect(verifyCredentials.lastAccessAt).not.toBeNull();

  const admin = await server.client(appId, 'admin');
  const { user: seen } = await admin.ok(`query($id: ID!) { user(id: $id) { lastAccessAt activity { edges { node { kind name } } } } }`, { id: user.id });
  expect(seen.lastAccessAt).toBe(verifyCredentials.lastAccessAt);
  expect(seen.activity.edges).toEqual([{ node: { kind: 'LOGIN', name: 'verifyCredentials' } }]);

  // Nowhere in the log: neither the password nor its hash.
  const log = JSON.stringify(server.logs);
  expect(log).not.toContain('correct horse battery');
  expect(log).not.toContain(row!.password_hash);
});

test('the schema has no way to read a password or hash', async () => {
  const admin = await server.client(newAppId(), 'admin');
  const response = await admin.request('{ users { edges { node { password } } } }');
  expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const { __type } = await admin.ok('{ __type(name: "User") { fields { name } } }');
  const names = __type.fields.map((field: { name: string }) => field.name.toLowerCase());
  expect(names.filter((name: string) => name.includes('password') || name.includes('hash'))).toEqual([]);
});

test('a password must be 8 to 128 characters', async () => {
  const service = await server.client(newAppId(), 'service');
  for (const password of ['short', 'x'.repeat(129)]) {
    const error = await service.error(CREATE, { input: { email: 'a@example.com', password } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
  }
  await service.ok(CREATE, { input: { email: 'b@example.com', password: 'é'.repeat(128) } });
});

test('wrong password, unknown email and a user without a password get the same error after the same Argon2 work', async () => {
  const { service, appId } = await registered();
  await service.ok(CREATE, { input: { email: 'nopass@example.com' } });
  const verify = argon2.verify as jest.Mock;
  {
    const cases = [
      { email: 'ada@example.com', password: 'wrong password' },
      { email: 'nobody@example.com', password: 'correct horse battery' },
      { email: 'nopass@example.com', password: 'anything at all' },
      { email: 'not an email', password: 'anything at all' },
    ];
    const errors = [];
    for (const credentials of cases) {
      verify.mockClear();
      errors.push(await service.error(VERIFY, credentials));
      expect(verify).toHaveBeenCalledTimes(1);
    }
    expect(new Set(errors.map((error) => JSON.stringify([error.message, error.extensions])))).toEqual(
      new Set([JSON.stringify(['The email or password is not right', { code: 'INVALID_CREDENTIALS' }])]),
    );
  }
  // Another app's user with the same email is not this app's.
  const other = await server.client(newAppId(), 'service');
  expect((await other.error(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' })).extensions?.code).toBe('INVALID_CREDENTIALS');
  expect(appId).not.toBe('');
});

test('repeated failures lock the email for a while, with the same error, and the lock ends', async () => {
  const { service } = await registered();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    expect((await service.error(VERIFY, { email: 'ada@example.com', password: `guess ${attempt}` })).extensions?.code).toBe('INVALID_CREDENTIALS');
  }
  // Locked: even the right password is refused, in the same words.
  const locked = await service.error(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
  expect(locked.extensions).toEqual({ code: 'INVALID_CREDENTIALS' });
  clock.advance(14 * MINUTE);
  expect((await service.error(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' })).extensions?.code).toBe('INVALID_CREDENTIALS');
  clock.advance(2 * MINUTE);
  await service.ok(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
});

test('failures spread out beyond the window do not lock, and a success clears the count', async () => {
  const { service } = await registered();
  for (let attempt = 0; attempt < 4; attempt += 1) await service.error(VERIFY, { email: 'ada@example.com', password: 'nope nope' });
  clock.advance(16 * MINUTE);
  for (let attempt = 0; attempt < 4; attempt += 1) await service.error(VERIFY, { email: 'ada@example.com', password: 'nope nope' });
  await service.ok(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
  for (let attempt = 0; attempt < 4; attempt += 1) await service.error(VERIFY, { email: 'ada@example.com', password: 'nope nope' });
  await service.ok(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
});

test('a banned user with the right password gets USER_BANNED; a wrong password still gets INVALID_CREDENTIALS', async () => {
  const { appId, service, user } = await registered();
  const manager = await server.client(appId, 'manager');
  await manager.ok(`mutation($id: ID!) { setUserStatus(id: $id, status: BANNED, reason: "Spam") { status } }`, { id: user.id });
  expect((await service.error(VERIFY, { email: 'ada@example.com', password: 'wrong password' })).extensions?.code).toBe('INVALID_CREDENTIALS');
  const banned = await service.error(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
  expect(banned.extensions?.code).toBe('USER_BANNED');
});

test('only the service role signs in; other roles may not, and service reads nothing', async () => {
  const { appId } = await registered();
  for (const role of ['viewer', 'manager', 'admin'] as const) {
    const client = await server.client(appId, role);
    expect((await client.error(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' })).extensions?.code).toBe('FORBIDDEN');
  }
  const service = await server.client(appId, 'service');
  const { verifyCredentials } = await service.ok(VERIFY, { email: 'ada@example.com', password: 'correct horse battery' });
  const error = await service.error(`query($id: ID!) { user(id: $id) { id } }`, { id: verifyCredentials.id });
  expect(error.extensions?.code).toBe('FORBIDDEN');
  const activity = await service.request(
    `mutation($email: String!, $password: String!) {
    verifyCredentials(email: $email, password: $password) { activity { edges { node { kind } } } } }`,
    { email: 'ada@example.com', password: 'correct horse battery' },
  );
  expect(activity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
