import { CREATE_FIELD } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
let client: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client(newAppId(), 'admin');
});
afterAll(() => server.close());

test('fields are listed in the order they were made', async () => {
  await client.ok(CREATE_FIELD, { input: { key: 'zeta', label: 'Zeta', type: 'TEXT' } });
  await client.ok(CREATE_FIELD, { input: { key: 'alpha', label: 'Alpha', type: 'SELECT', options: [' One ', 'Two'], required: true } });
  const { profileFields } = await client.ok('{ profileFields { key label type required options } }');
  expect(profileFields).toEqual([
    { key: 'zeta', label: 'Zeta', type: 'TEXT', required: false, options: null },
    { key: 'alpha', label: 'Alpha', type: 'SELECT', required: true, options: ['One', 'Two'] },
  ]);
});

test.each([
  ['a key with capitals', { key: 'Company', label: 'x', type: 'TEXT' }, 'input.key'],
  ['a key starting with a digit', { key: '1st', label: 'x', type: 'TEXT' }, 'input.key'],
  ['a key with a dash', { key: 'job-title', label: 'x', type: 'TEXT' }, 'input.key'],
  ['a built-in column as key', { key: 'email', label: 'x', type: 'TEXT' }, 'input.key'],
  ['an empty label', { key: 'ok', label: '  ', type: 'TEXT' }, 'input.label'],
  ['a SELECT without options', { key: 'ok', label: 'x', type: 'SELECT' }, 'input.options'],
  ['repeated options', { key: 'ok', label: 'x', type: 'SELECT', options: ['a', 'a'] }, 'input.options'],
  ['an empty option', { key: 'ok', label: 'x', type: 'SELECT', options: ['a', ' '] }, 'input.options'],
  ['options on a TEXT field', { key: 'ok', label: 'x', type: 'TEXT', options: ['a'] }, 'input.options'],
])('%s is refused naming the field', async (_label, input, field) => {
  const error = await client.error(CREATE_FIELD, { input });
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
});

test('an unknown type is refused by GraphQL', async () => {
  const error = await client.error(CREATE_FIELD, { input: { key: 'ok', label: 'x', type: 'COLOR' } });
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
});

test('a key can only be used once per app, but again in another app', async () => {
  await client.ok(CREATE_FIELD, { input: { key: 'twice', label: 'Twice', type: 'NUMBER' } });
  const error = await client.error(CREATE_FIELD, { input: { key: 'twice', label: 'Again', type: 'TEXT' } });
  expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.key' });
  const other = await server.client(newAppId(), 'admin');
  await other.ok(CREATE_FIELD, { input: { key: 'twice', label: 'Twice', type: 'NUMBER' } });
});
