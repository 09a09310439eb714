import { createTag, CREATE_USER } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, tokens, type TestServer } from './support/harness';

let server: TestServer;
let client: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client(newAppId(), 'admin');
  const tags = [await createTag(client, 'One'), await createTag(client, 'Two'), await createTag(client, 'Three')];
  for (let index = 0; index < 120; index += 1) {
    await client.ok(CREATE_USER, {
      input: { email: `limit${index}@example.com`, tagIds: tags.filter((_, tagIndex) => (index + tagIndex) % 2 === 0).map((tag) => tag.id) },
    });
  }
});
afterAll(() => server.close());

/** The log line the server wrote for the last request of an operation. */
async function logLineOf(operation: string) {
  // The line is written when the response finishes; give the event loop a turn.
  await new Promise((resolve) => setImmediate(resolve));
  return server.logs.filter((line) => line.msg === 'request' && line.operation === operation).at(-1);
}

const PAGE = `query Page($first: Int) {
  users(first: $first) { totalCount totalCountEstimated edges { cursor node { id email name status tagCount tags { id name color } } } pageInfo { hasNextPage endCursor } }
}`;

test.each([50, 120])('a page of %i users with tags, tag counts and the total costs at most 4 SQL statements', async (first) => {
  const { users } = await client.ok(PAGE, { first });
  expect(users.edges).toHaveLength(first);
  expect(users.edges.some((edge: { node: { tags: unknown[] } }) => edge.node.tags.length > 1)).toBe(true);
  const line = await logLineOf('Page');
  expect(line).toBeDefined();
  expect(line!.sql).toBeLessThanOrEqual(4);
});

test("a page reads its users' tags in its own single statement, through a fragment too, and they are the tags the user shows alone", async () => {
  type Node = { id: string; tagCount: number; tags: Array<{ name: string }> };
  const { users } = await client.ok(`query TagsByFragment { users(first: 50) { edges { node { ...Labels } } } }
    fragment Labels on User { id tagCount tags { id name color userCount createdAt } }`);
  expect((await logLineOf('TagsByFragment'))!.sql).toBe(1);
  const nodes = (users.edges as Array<{ node: Node }>).map((edge) => edge.node);
  const sample = nodes.find((node) => node.tags.length > 1)!;
  expect(sample.tagCount).toBe(sample.tags.length);
  const names = sample.tags.map((tag) => tag.name);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  const { user } = await client.ok('query One($id: ID!) { user(id: $id) { tagCount tags { id name color userCount createdAt } } }', { id: sample.id });
  expect(user).toEqual({ tagCount: sample.tagCount, tags: sample.tags });
});

test('tags with their user counts cost one statement however many tags there are', async () => {
  await client.ok('query TagCounts { tags { id name userCount } }');
  expect((await logLineOf('TagCounts'))!.sql).toBe(1);
});

test('300 aliased pages of 500 users in one query are refused before any SQL runs', async () => {
  const pages = Array.from({ length: 300 }, (_, index) => `p${index}: users(first: 500) { edges { node { id email } } }`).join('\n');
  const response = await client.request(`query Greedy { ${pages} }`);
  expect(response.status).toBe(400);
  expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(response.data).toBeUndefined();
  expect((await logLineOf('Greedy'))?.sql ?? 0).toBe(0);
});

test('a few pages of 500 cost more than one operation may ask for', async () => {
  const pages = Array.from(
    { length: 6 },
    (_, index) => `p${index}: users(first: 500) { edges { node { id email name status profile signedUpAt tags { id name color } } } }`,
  ).join('\n');
  const error = await client.error(`{ ${pages} }`);
  expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(error.message).toMatch(/cost/);
});

test('one full page of 500 with tags is allowed', async () => {
  const { users } = await client.ok(
    `{ users(first: 500) { totalCount edges { cursor node { id email name status profile signedUpAt lastAccessAt bannedAt banReason createdAt updatedAt tagCount tags { id name color } } } } }`,
  );
  expect(users.totalCount).toBe(120);
});

test('more than 20 aliases are refused', async () => {
  const aliases = Array.from({ length: 25 }, (_, index) => `a${index}: userCounts { all }`).join(' ');
  expect((await client.error(`{ ${aliases} }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

describe('what a careless or hostile client sends gets a clean error', () => {
  const raw = (body: string, contentType = 'application/json') =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${client.token}` }, body });

  const clean = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|stacktrace|\bat [\w.]+ \(|SELECT |FROM users|node_modules/);
    return text;
  };

  test('a body that is not JSON', async () => {
    expect(await clean(await raw('{"query": '), 400)).toMatch(/not valid JSON/);
  });

  test('a syntax error', async () => {
    expect(await clean(await raw(JSON.stringify({ query: '{ users { ' })), 400)).toMatch(/GRAPHQL_PARSE_FAILED/);
  });

  test('an unknown field', async () => {
    expect(await clean(await raw(JSON.stringify({ query: '{ users { password } }' })), 400)).toMatch(/GRAPHQL_VALIDATION_FAILED/);
  });

  test('a variable of the wrong type', async () => {
    const text = await clean(await raw(JSON.stringify({ query: 'query($f: Int) { users(first: $f) { totalCount } }', variables: { f: 'ten' } })), 400);
    expect(text).toMatch(/BAD_USER_INPUT/);
  });

  test('a date that is not a date', async () => {
    const query = 'query($from: DateTime) { users(filter: { signedUp: { from: $from } }) { totalCount } }';
    expect(await clean(await raw(JSON.stringify({ query, variables: { from: 'yesterday' } })), 400)).toMatch(/BAD_USER_INPUT/);
  });

  test('a date range backwards', async () => {
    const error = await client.error('{ users(filter: { signedUp: { from: "2025-01-02T00:00:00Z", to: "2025-01-01T00:00:00Z" } }) { totalCount } }');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.signedUp' });
  });

  test.each([
    ['a NUL byte', 'abc\u0000def'],
    ['eleven terms', 'a b c d e f g h i j k'],
    ['a term of 101 characters', 'x'.repeat(101)],
  ])('a search with %s', async (_label, search) => {
    const error = await client.error('query($s: String) { users(filter: { search: $s }) { totalCount } }', { s: search });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
  });

  test('a tag filter with a malformed id names it', async () => {
    const error = await client.error('{ users(filter: { tags: { none: ["1 OR 1=1"] } }) { totalCount } }');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.tags.none' });
  });

  test('a profile that is not an object', async () => {
    const response = await raw(
      JSON.stringify({ query: 'mutation($p: JSONObject) { createUser(input: { email: "p@example.com", profile: $p }) { id } }', variables: { p: [1, 2] } }),
    );
    expect(await clean(response, 400)).toMatch(/BAD_USER_INPUT/);
  });

  test('a body over 1 MB', async () => {
    const response = await raw(JSON.stringify({ query: `{ users { totalCount } } ${' '.repeat(1_100_000)}` }));
    await clean(response, 413);
  });

  test('batched operations are refused', async () => {
    const response = await raw(JSON.stringify([{ query: '{ userCounts { all } }' }, { query: '{ userCounts { all } }' }]));
    await clean(response, 400);
  });
});

test('every request writes one structured log line', async () => {
  const before = server.logs.length;
  await client.ok('query LoggedOnce { userCounts { all } }');
  await new Promise((resolve) => setImmediate(resolve));
  const lines = server.logs.slice(before).filter((line) => line.msg === 'request');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'LoggedOnce', role: 'admin', sub: 'admin@test' });
  expect(typeof lines[0]!.ms).toBe('number');
});

test('/healthz answers 200 when the database does, and unknown routes 404', async () => {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const missing = await fetch(`${server.url}/nope`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route' } });
});

describe('production mode', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: 'https://admin.example.com' });
  });
  afterAll(() => production.close());

  test('introspection is off', async () => {
    const prodClient = await production.client(newAppId(), 'admin');
    const error = await prodClient.error('{ __schema { types { name } } }');
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/introspection/i);
  });

  test('no "Did you mean" anywhere (fields, arguments, types, enum values), and no server software named', async () => {
    const prodClient = await production.client(newAppId(), 'admin');
    const probes = [
      '{ users { edges { node { emial } } } }',
      '{ users(fliter: { status: BANNED }) { totalCount } }',
      '{ users(filter: { status: BANED }) { totalCount } }',
      '{ users(filter: { stauts: BANNED }) { totalCount } }',
      'query($f: UserFiltr) { users(filter: $f) { totalCount } }',
      'mutation { setUserStatus(id: "x", status: ACTIVEE) { id } }',
      '{ user }',
    ];
    for (const query of probes) {
      const response = await prodClient.request(query);
      expect(response.errors?.length).toBeGreaterThan(0);
      expect([query, JSON.stringify(response.errors)]).toEqual([query, expect.not.stringMatching(/did you mean/i)]);
    }
    const variables = await prodClient.request('query($s: UserStatus!) { users(filter: { status: $s }) { totalCount } }', { s: 'BANED' });
    expect(JSON.stringify(variables.errors)).not.toMatch(/did you mean/i);
    for (const path of ['/graphql', '/healthz', '/nope', '/csv/export']) {
      const response = await fetch(`${production.url}${path}`, { method: path === '/graphql' ? 'POST' : 'GET' });
      expect([path, response.headers.get('server'), response.headers.get('x-powered-by')]).toEqual([path, null, null]);
      expect(await response.text()).not.toMatch(/express|apollo|node\.js|postgres/i);
    }
  });

  test('CORS answers the listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${production.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const refused = await preflight('https://evil.example.net');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

test('the demo page and its token renewal carry no CORS header, and the page token lives an hour at most', async () => {
  const demo = await startTestServer(
    {},
    {
      demoToken: await tokens.sign({ subject: 'developer', appId: 'demo', role: 'admin' }, '1h'),
      renewDemoToken: () => tokens.sign({ subject: 'developer', appId: 'demo', role: 'admin' }, '1h'),
    },
  );
  try {
    const origin = { origin: 'https://evil.example.net' };
    const page = await fetch(`${demo.url}/`, { headers: origin });
    expect([page.status, page.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    const renewed = await fetch(`${demo.url}/demo/token`, { method: 'POST', headers: origin });
    expect([renewed.status, renewed.headers.get('access-control-allow-origin'), renewed.headers.get('cache-control')]).toEqual([200, null, 'no-store']);
    const { token } = (await renewed.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number; app: string };
    expect(claims.app).toBe('demo');
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
    // The API itself still answers other origins in development.
    const api = await fetch(`${demo.url}/graphql`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } });
    expect(api.headers.get('access-control-allow-origin')).toBe('*');
  } finally {
    await demo.close();
  }
});

test('outside production any origin may call (development default)', async () => {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
  });
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
});
