import type { GraphQLObjectType } from 'graphql';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { Role } from '../src/auth/roles';
import { TokenService } from '../src/auth/token-service';
import { allowedRoles } from '../src/graphql/auth-checker';
import { createSchema, type Services } from '../src/server';
import { createTag, CREATE_USER } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, TEST_SECRET, type TestServer } from './support/harness';

let server: TestServer;
let appId: string;
let admin: GraphQLClient;
let userId: string;
let tagId: string;

beforeAll(async () => {
  server = await startTestServer();
  appId = newAppId();
  admin = await server.client(appId, 'admin');
  userId = (await admin.ok(CREATE_USER, { input: { email: 'target@example.com' } })).createUser.id;
  tagId = (await createTag(admin, 'Shared')).id;
});
afterAll(() => server.close());

type Operation = { name: string; roles: Role[]; query: string; variables?: (role: Role) => Record<string, unknown> };

const READ: Role[] = ['viewer', 'manager', 'admin'];
const MODERATE: Role[] = ['manager', 'admin'];
const OPERATIONS: Operation[] = [
  { name: 'users', roles: READ, query: '{ users { totalCount edges { node { id tags { id } } } } }' },
  { name: 'user', roles: READ, query: 'query($id: ID!) { user(id: $id) { id } }', variables: () => ({ id: userId }) },
  { name: 'userCounts', roles: READ, query: '{ userCounts { all } }' },
  { name: 'tags', roles: READ, query: '{ tags { id userCount } }' },
  { name: 'profileFields', roles: READ, query: '{ profileFields { id } }' },
  {
    name: 'createUser',
    roles: ['admin', 'service'],
    query: 'mutation($email: String!) { createUser(input: { email: $email }) { id } }',
    variables: (role) => ({ email: `created-by-${role}@example.com` }),
  },
  {
    name: 'updateUser',
    roles: ['admin', 'service'],
    query: 'mutation($id: ID!) { updateUser(id: $id, input: { name: "Renamed" }) { id } }',
    variables: () => ({ id: userId }),
  },
  { name: 'setUserStatus', roles: MODERATE, query: 'mutation($id: ID!) { setUserStatus(id: $id, status: ACTIVE) { id } }', variables: () => ({ id: userId }) },
  { name: 'setUsersStatus', roles: MODERATE, query: 'mutation($id: ID!) { setUsersStatus(ids: [$id], status: ACTIVE) }', variables: () => ({ id: userId }) },
  {
    name: 'createTag',
    roles: MODERATE,
    query: 'mutation($name: String!) { createTag(input: { name: $name }) { id } }',
    variables: (role) => ({ name: `tag by ${role}` }),
  },
  {
    name: 'updateTag',
    roles: MODERATE,
    query: 'mutation($id: ID!) { updateTag(id: $id, input: { color: "#123456" }) { id } }',
    variables: () => ({ id: tagId }),
  },
  {
    name: 'addTagsToUsers',
    roles: MODERATE,
    query: 'mutation($u: ID!, $t: ID!) { addTagsToUsers(userIds: [$u], tagIds: [$t]) }',
    variables: () => ({ u: userId, t: tagId }),
  },
  {
    name: 'removeTagsFromUsers',
    roles: MODERATE,
    query: 'mutation($u: ID!, $t: ID!) { removeTagsFromUsers(userIds: [$u], tagIds: [$t]) }',
    variables: () => ({ u: userId, t: tagId }),
  },
  {
    name: 'createProfileField',
    roles: ['admin'],
    query: 'mutation($key: String!) { createProfileField(input: { key: $key, label: "L", type: TEXT }) { id } }',
    variables: (role) => ({ key: `field_${role}` }),
  },
];

const ROLES: Role[] = ['viewer', 'manager', 'admin', 'service'];
const cases = OPERATIONS.flatMap((operation) => ROLES.map((role) => [operation.name, role, operation.roles.includes(role)] as const));

test.each(cases)('%s as %s: allowed = %s', async (name, role, allowed) => {
  const operation = OPERATIONS.find((candidate) => candidate.name === name)!;
  const client = await server.client(appId, role);
  const response = await client.request(operation.query, operation.variables?.(role));
  if (allowed) {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
  } else {
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toContain(role);
  }
});

test('deleteTag needs manager or admin', async () => {
  const doomed = await createTag(admin, 'Doomed');
  const viewer = await server.client(appId, 'viewer');
  expect((await viewer.error('mutation($id: ID!) { deleteTag(id: $id) }', { id: doomed.id })).extensions?.code).toBe('FORBIDDEN');
  const manager = await server.client(appId, 'manager');
  expect((await manager.ok('mutation($id: ID!) { deleteTag(id: $id) }', { id: doomed.id })).deleteTag).toBe(doomed.id);
});

describe('tokens', () => {
  const QUERY = '{ users { totalCount } }';
  const key = new TextEncoder().encode(TEST_SECRET);
  const sign = (claims: Record<string, unknown>, secret = key, expires: string | number = '1h') => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone');
    if (expires !== '') jwt.setExpirationTime(expires);
    return jwt.sign(secret);
  };
  const call = (authorization?: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: QUERY }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { errors?: Array<{ extensions?: { code?: string }; message: string }> },
    }));

  test('no token: 401 UNAUTHENTICATED', async () => {
    const { status, body } = await call();
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['signed with another secret', () => sign({ app: 'a', role: 'admin' }, new TextEncoder().encode('another-secret-another-secret-another'))],
    ['expired', () => sign({ app: 'a', role: 'admin' }, key, Math.floor(Date.now() / 1000) - 60)],
    ['without expiry', () => sign({ app: 'a', role: 'admin' }, key, '')],
    ['without app', () => sign({ role: 'admin' })],
    ['with an unknown role', () => sign({ app: 'a', role: 'root' })],
    ['unsigned (alg none)', () => Promise.resolve(new UnsecuredJWT({ app: 'a', role: 'admin' }).setSubject('x').setExpirationTime('1h').encode())],
    ['not a JWT', () => Promise.resolve('not.a.jwt')],
  ])('a token %s: 401 UNAUTHENTICATED', async (_label, makeToken) => {
    const { status, body } = await call(`Bearer ${await makeToken()}`);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a token accepted before is refused from the second it expires', async () => {
    const service = new TokenService(TEST_SECRET);
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign({ app: 'a', role: 'admin' }, key, exp);
    expect(await service.verify(token)).toEqual({ subject: 'someone', appId: 'a', role: 'admin' });
    expect(await service.verify(token)).toEqual({ subject: 'someone', appId: 'a', role: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 20));
    await expect(service.verify(token)).rejects.toThrow('The token has expired');
    // Another server's secret never verifies it, whatever this one has seen.
    await expect(new TokenService('another-secret-another-secret-another').verify(token)).rejects.toThrow('The token is invalid');
  });

  test('an expired token says so', async () => {
    const { body } = await call(`Bearer ${await sign({ app: 'a', role: 'admin' }, key, Math.floor(Date.now() / 1000) - 60)}`);
    expect(body.errors?.[0]?.message).toBe('The token has expired');
  });

  test('a token that lives past AUTH_MAX_TOKEN_LIFETIME, is issued in the future, or names its app badly: 401 saying why', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Promise<string>, string]> = [
      [
        'a year long',
        new SignJWT({ app: 'a', role: 'admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt(now)
          .setExpirationTime(now + 365 * 86_400)
          .sign(key),
        'The token lives longer than the 24 hours this server accepts (AUTH_MAX_TOKEN_LIFETIME)',
      ],
      [
        'a year long, without iat',
        sign({ app: 'a', role: 'admin' }, key, now + 365 * 86_400),
        'The token lives longer than the 24 hours this server accepts (AUTH_MAX_TOKEN_LIFETIME)',
      ],
      [
        'issued in an hour',
        new SignJWT({ app: 'a', role: 'admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt(now + 3600)
          .setExpirationTime(now + 7200)
          .sign(key),
        'The token was issued in the future (iat)',
      ],
      [
        'an app of 101 characters',
        sign({ app: 'a'.repeat(101), role: 'admin' }),
        'The token has no valid app claim (1 to 100 characters, no control characters)',
      ],
      [
        'an app with a line break',
        sign({ app: 'shop\nadmin', role: 'admin' }),
        'The token has no valid app claim (1 to 100 characters, no control characters)',
      ],
      ['an app with a NUL', sign({ app: 'shop\u0000', role: 'admin' }), 'The token has no valid app claim (1 to 100 characters, no control characters)'],
    ];
    for (const [label, token, message] of cases) {
      const { status, body } = await call(`Bearer ${await token}`);
      expect([label, status, body.errors?.[0]?.extensions?.code, body.errors?.[0]?.message]).toEqual([label, 401, 'UNAUTHENTICATED', message]);
    }
    // Within the clock skew, and at the lifetime's end, it is good.
    const skewed = new SignJWT({ app: 'a', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuedAt(now + 30)
      .setExpirationTime(now + 86_400)
      .sign(key);
    expect((await call(`Bearer ${await skewed}`)).status).toBe(200);
  });

  test('AUTH_MAX_TOKEN_LIFETIME sets the limit', async () => {
    const lenient = await startTestServer({ AUTH_MAX_TOKEN_LIFETIME: '30d' });
    try {
      const now = Math.floor(Date.now() / 1000);
      const month = await new SignJWT({ app: 'a', role: 'viewer' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuedAt(now)
        .setExpirationTime(now + 30 * 86_400)
        .sign(key);
      const response = await fetch(`${lenient.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${month}` },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(response.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  test('an Authorization header that is not Bearer: 401', async () => {
    const { status } = await call('Basic dXNlcjpwYXNz');
    expect(status).toBe(401);
  });
});

test("every query and mutation but the reset link's names who may call it, and the service role reads only the account fields of a user", async () => {
  const schema = await createSchema(new Proxy({} as Services, { get: () => undefined }));
  const open = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => !allowedRoles(field))
      .map((field) => `${type.name}.${field.name}`),
  );
  // The one operation open to anyone: the reset link's single-use token is its proof.
  expect(open).toEqual(['Mutation.completePasswordReset']);
  const user = schema.getType('User') as GraphQLObjectType;
  const forService = Object.values(user.getFields())
    .filter((field) => allowedRoles(field)?.includes('service') ?? true)
    .map((field) => field.name);
  expect(forService.sort()).toEqual(['createdAt', 'email', 'id', 'lastAccessAt', 'signedUpAt', 'updatedAt']);
});
