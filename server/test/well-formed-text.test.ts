/**
 * Text that is not text — bytes that are not UTF-8, a lone surrogate — is a
 * BAD_USER_INPUT naming the value, never stored as U+FFFD or left to fail in
 * Postgres.
 */
import { newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';

async function post(appId: string, body: Buffer | string) {
  const client = await server.client(appId);
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

test('a body whose bytes are not UTF-8 is refused naming the value; nothing is stored', async () => {
  const appId = newAppId();
  const json = Buffer.from(JSON.stringify({ query: CREATE, variables: { input: { email: 'latin@example.com', name: 'Ren#' } } }));
  // "René" as Latin-1 writes é as the single byte 0xE9.
  json[json.indexOf('#')] = 0xe9;
  const answer = await post(appId, json);
  expect(answer).toEqual({
    status: 400,
    body: {
      errors: [
        { message: 'variables.input.name is not UTF-8 text: send the body as UTF-8', extensions: { code: 'BAD_USER_INPUT', field: 'variables.input.name' } },
      ],
    },
  });
  const [users] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE app_id = $1', [appId]);
  expect(users!.n).toBe(0);
});

test('a lone surrogate anywhere in the variables is refused naming it; a real U+FFFD and astral characters are kept', async () => {
  const appId = newAppId();
  for (const [name, tags] of [
    ['\\ud800', []],
    ['a\\udc00b', []],
    ['ok', ['\\ud83d']],
  ] as const) {
    const body = `{"query":${JSON.stringify(CREATE)},"variables":{"input":{"email":"s@example.com","name":"${name}","profile":{"note":"${tags[0] ?? ''}"}}}}`;
    const answer = await post(appId, body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors[0].message).toMatch(/^variables\.input\.(name|profile\.note) holds a lone surrogate, which is not text$/);
  }
  const kept = await post(appId, JSON.stringify({ query: CREATE, variables: { input: { email: 'kept@example.com', name: 'Replacement \ufffd and 😀' } } }));
  expect(kept.status).toBe(200);
  const [user] = await server.db.query<{ name: string }>('SELECT name FROM users WHERE app_id = $1', [appId]);
  expect(user!.name).toBe('Replacement \ufffd and 😀');
});
