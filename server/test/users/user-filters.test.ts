import pg from 'pg';
import { fold, seeded, createTag, CREATE_FIELD, CREATE_USER } from '../support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from '../support/harness';

/**
 * Every filter alone and combined, checked against an expectation computed
 * here in TypeScript from the data we created — never from the server.
 */

interface Fixture {
  id: string;
  email: string;
  name: string | null;
  status: 'ACTIVE' | 'BANNED';
  profile: Record<string, string | number | boolean>;
  tagIds: string[];
  signedUpAt: Date;
  lastAccessAt: Date | null;
}

const FIRST = ['Ana', 'José', 'Zoë', 'Søren', 'Chloé', 'Bob', 'Ève', 'Noël', 'Grace', 'Linus', '東京'];
const LAST = ['García', 'Müller', 'Hopper', "O'Brien", 'Dupont', 'Smith', 'Núñez', 'Lovelace'];
const CITIES = ['Paris', 'São Paulo', 'Zürich', 'Kyoto', 'New York'];
const PLANS = ['Free', 'Pro', 'Enterprise'];
// Names and emails holding LIKE wildcards, the escape character and quotes,
// which search must treat as the characters they are.
const SPECIAL: Array<Partial<Fixture> & { email: string }> = [
  { email: '100%club@example.com', name: 'Percent Person' },
  { email: '100xclub@example.com', name: 'Almost Percent' },
  { email: 'snake_case@example.com', name: 'Under Score' },
  { email: 'snakexcase@example.com', name: 'Not Under' },
  { email: 'back.slash@example.com', name: 'Back\\Slash' },
  { email: 'backxslash@example.com', name: 'BackxSlash' },
  { email: "d'arcy@example.com", name: "Jean D'Arcy" },
  { email: 'quoted@example.com', name: 'The "Quoted" One' },
];

let server: TestServer;
let client: GraphQLClient;
let appId: string;
let users: Fixture[];
let tags: Record<'red' | 'green' | 'blue' | 'gold' | 'unused', string>;

beforeAll(async () => {
  server = await startTestServer();
  appId = newAppId();
  client = await server.client(appId, 'admin');
  const random = seeded(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  tags = {
    red: (await createTag(client, 'Red')).id,
    green: (await createTag(client, 'Green')).id,
    blue: (await createTag(client, 'Blue')).id,
    gold: (await createTag(client, 'Gold')).id,
    unused: (await createTag(client, 'Unused')).id,
  };
  await client.ok(CREATE_FIELD, { input: { key: 'city', label: 'City', type: 'TEXT' } });
  await client.ok(CREATE_FIELD, { input: { key: 'plan', label: 'Plan', type: 'SELECT', options: PLANS } });
  await client.ok(CREATE_FIELD, { input: { key: 'seats', label: 'Seats', type: 'NUMBER' } });

  const specs: Array<Omit<Fixture, 'id' | 'signedUpAt' | 'lastAccessAt'>> = [];
  for (let index = 0; index < 90; index += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const tagIds = (['red', 'green', 'blue', 'gold'] as const).filter((_, tagIndex) => random() < [0.5, 0.35, 0.2, 0.05][tagIndex]!).map((key) => tags[key]);
    specs.push({
      email: `user${index}.${fold(last).replace(/[^a-z]/g, '')}@${pick(['example.com', 'example.org'])}`,
      name: random() < 0.9 ? `${first} ${last}` : null,
      status: random() < 0.2 ? 'BANNED' : 'ACTIVE',
      profile: { city: pick(CITIES), plan: pick(PLANS), ...(random() < 0.5 ? { seats: Math.floor(random() * 100) } : {}) },
      tagIds,
    });
  }
  for (const special of SPECIAL) specs.push({ name: null, status: 'ACTIVE', profile: {}, tagIds: [], ...special });

  users = [];
  for (const spec of specs) {
    const { createUser } = await client.ok(CREATE_USER, { input: { ...spec } });
    users.push({ ...spec, id: createUser.id, email: createUser.email, signedUpAt: new Date(), lastAccessAt: null });
  }

  // Signups over two years with deliberate ties, and last accesses (some never):
  // test data only the database can hold, written directly.
  const base = Date.UTC(2025, 0, 1);
  for (const [index, user] of users.entries()) {
    user.signedUpAt = new Date(base + Math.floor(index / 3) * 7 * 86_400_000 + (index % 3 === 2 ? 1 : 0));
    user.lastAccessAt = random() < 0.6 ? new Date(user.signedUpAt.getTime() + Math.floor(random() * 1e9)) : null;
  }
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `UPDATE users SET signed_up_at = data.signed_up_at
       FROM jsonb_to_recordset($2::jsonb) AS data(id uuid, signed_up_at timestamptz)
      WHERE users.app_id = $1 AND users.id = data.id`,
    [appId, JSON.stringify(users.map((user) => ({ id: user.id, signed_up_at: user.signedUpAt })))],
  );
  await db.query(
    `UPDATE user_last_access SET at = data.last_access_at
       FROM jsonb_to_recordset($2::jsonb) AS data(id uuid, last_access_at timestamptz)
      WHERE user_last_access.app_id = $1 AND user_last_access.user_id = data.id AND data.last_access_at IS NOT NULL`,
    [appId, JSON.stringify(users.map((user) => ({ id: user.id, last_access_at: user.lastAccessAt })))],
  );
  await db.end();
}, 120_000);

afterAll(() => server.close());

interface Filter {
  search?: string;
  status?: 'ACTIVE' | 'BANNED';
  signedUp?: { from?: string; to?: string };
  tags?: { all?: string[]; any?: string[]; none?: string[] };
}

function matches(user: Fixture, filter: Filter): boolean {
  const haystack = fold([user.email, user.name ?? '', ...Object.values(user.profile).map(String)].join(' '));
  const terms = (filter.search ?? '').split(/\s+/).filter(Boolean);
  // A term under three characters is the start of a word (words end at spaces and ASCII punctuation).
  const words = haystack.split(/[\s!-/:-@[-`{-~]+/u);
  const found = (term: string) => ([...term].length < 3 ? words.some((word) => word.startsWith(fold(term))) : haystack.includes(fold(term)));
  if (!terms.every(found)) return false;
  if (filter.status && user.status !== filter.status) return false;
  if (filter.signedUp?.from && user.signedUpAt < new Date(filter.signedUp.from)) return false;
  if (filter.signedUp?.to && user.signedUpAt >= new Date(filter.signedUp.to)) return false;
  const { all = [], any = [], none = [] } = filter.tags ?? {};
  if (!all.every((tag) => user.tagIds.includes(tag))) return false;
  if (any.length > 0 && !any.some((tag) => user.tagIds.includes(tag))) return false;
  if (none.some((tag) => user.tagIds.includes(tag))) return false;
  return true;
}

/** The default order: newest signup first, ties by id (descending). */
const bySignupDesc = (a: Fixture, b: Fixture) => b.signedUpAt.getTime() - a.signedUpAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const USERS = `query($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount edges { cursor node { id email } } pageInfo { hasNextPage endCursor }
  }
}`;

async function allPages(filter: Filter, pageSize = 500): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount: number;
  for (;;) {
    const { users: page }: { users: any } = await client.ok(USERS, { filter, first: pageSize, after });
    totalCount = page.totalCount;
    ids.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, totalCount };
    after = page.pageInfo.endCursor;
  }
}

async function expectFilter(filter: Filter): Promise<string[]> {
  const expected = users
    .filter((user) => matches(user, filter))
    .sort(bySignupDesc)
    .map((user) => user.id);
  const { ids, totalCount } = await allPages(filter);
  expect(ids).toEqual(expected);
  expect(totalCount).toBe(expected.length);
  return expected;
}

describe('each filter alone', () => {
  test('no filter lists every user of the app, newest signup first', async () => {
    expect(await expectFilter({})).toHaveLength(users.length);
  });

  test.each([
    ['a name term', 'garcia'],
    ['an accented term matches unaccented text', 'josé'],
    ['an unaccented term matches accented text', 'zoe'],
    ['upper case', 'MÜLLER'],
    ['an email fragment', 'example.org'],
    ['a profile value', 'zurich'],
    ['a SELECT profile value', 'enterprise'],
    ['two terms must both match', 'ana example.com'],
    ['terms in any field and order', 'paris hopper'],
    ['two characters', 'an'],
    ['one character', 'z'],
    ['non-Latin text', '東京'],
    ['a term nobody has', 'nobody-has-this'],
    ['leading and trailing spaces', '   smith   '],
  ])('search: %s', async (_label, search) => {
    const ids = await expectFilter({ search });
    // Only the last case may come back empty: the others must find someone to prove anything.
    expect(ids.length > 0).toBe(search !== 'nobody-has-this');
  });

  test.each([
    ['%', '100%', ['100%club@example.com']],
    ['_', 'snake_case', ['snake_case@example.com']],
    ['\\', 'back\\slash', ['back.slash@example.com']],
    ["'", "d'arcy", ["d'arcy@example.com"]],
    ['"', '"quoted"', ['quoted@example.com']],
  ])('search treats %s as itself, not as a wildcard or escape', async (_char, search, emails) => {
    const ids = await expectFilter({ search });
    expect(ids.map((id) => users.find((user) => user.id === id)!.email)).toEqual(emails);
  });

  test.each(['ACTIVE', 'BANNED'] as const)('status %s', async (status) => {
    expect((await expectFilter({ status })).length).toBeGreaterThan(0);
  });

  test('signup range: from is inclusive, to is exclusive', async () => {
    const boundary = users[30]!.signedUpAt.toISOString();
    const from = await expectFilter({ signedUp: { from: boundary } });
    expect(from).toContain(users[30]!.id);
    const to = await expectFilter({ signedUp: { to: boundary } });
    expect(to).not.toContain(users[30]!.id);
    await expectFilter({ signedUp: { from: users[10]!.signedUpAt.toISOString(), to: users[40]!.signedUpAt.toISOString() } });
  });

  test('tags: all, any and none', async () => {
    expect((await expectFilter({ tags: { all: [tags.red, tags.green] } })).length).toBeGreaterThan(0);
    expect((await expectFilter({ tags: { any: [tags.blue, tags.gold] } })).length).toBeGreaterThan(0);
    expect((await expectFilter({ tags: { none: [tags.red] } })).length).toBeGreaterThan(0);
    expect(await expectFilter({ tags: { all: [tags.unused] } })).toEqual([]);
  });

  test('empty tag lists are no constraint', async () => {
    expect(await expectFilter({ tags: { all: [], any: [], none: [] } })).toHaveLength(users.length);
  });

  test('a tag id of another app matches nobody for all/any and everybody for none', async () => {
    const otherClient = await server.client(newAppId());
    const foreign = (await createTag(otherClient, 'Red')).id;
    expect(await expectFilter({ tags: { all: [foreign] } })).toEqual([]);
    expect(await expectFilter({ tags: { any: [foreign] } })).toEqual([]);
    expect(await expectFilter({ tags: { none: [foreign] } })).toHaveLength(users.length);
  });
});

describe('filters combined', () => {
  test('everything at once', async () => {
    await expectFilter({
      search: 'example',
      status: 'ACTIVE',
      signedUp: { from: users[5]!.signedUpAt.toISOString(), to: users[80]!.signedUpAt.toISOString() },
      tags: { all: [tags.red], any: [tags.green, tags.blue], none: [tags.gold] },
    });
  });

  test('forty random combinations agree with the expectation, and userCounts with them', async () => {
    const random = seeded(7);
    const tagIds = Object.values(tags);
    const someTags = () => tagIds.filter(() => random() < 0.3);
    const terms = ['a', 'ar', 'ana', 'example', 'paris', 'pro', 'zoe', 'smith', 'user1', 'o'];
    for (let round = 0; round < 40; round += 1) {
      const filter: Filter = {};
      if (random() < 0.5) filter.search = terms.filter(() => random() < 0.25).join(' ');
      if (random() < 0.4) filter.status = random() < 0.5 ? 'ACTIVE' : 'BANNED';
      if (random() < 0.4) {
        const a = Math.floor(random() * users.length);
        const b = Math.floor(random() * users.length);
        filter.signedUp = { from: users[Math.max(a, b)]!.signedUpAt.toISOString() };
        if (a !== b) filter.signedUp.to = users[Math.min(a, b)]!.signedUpAt.toISOString();
        if (filter.signedUp.to && new Date(filter.signedUp.to) <= new Date(filter.signedUp.from!)) delete filter.signedUp.to;
      }
      if (random() < 0.6) filter.tags = { all: someTags(), any: someTags(), none: someTags() };
      await expectFilter(filter);

      const { userCounts } = await client.ok(`query($filter: UserFilter) { userCounts(filter: $filter) { all active banned } }`, { filter });
      const withoutStatus = users.filter((user) => matches(user, { ...filter, status: undefined }));
      expect(userCounts).toEqual({
        all: withoutStatus.length,
        active: withoutStatus.filter((user) => user.status === 'ACTIVE').length,
        banned: withoutStatus.filter((user) => user.status === 'BANNED').length,
      });
    }
  });
});

describe('paging', () => {
  const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ORDERS: Record<string, (a: Fixture, b: Fixture) => number> = {
    SIGNED_UP_AT: (a, b) => a.signedUpAt.getTime() - b.signedUpAt.getTime(),
    LAST_ACCESS_AT: (a, b) => (a.lastAccessAt?.getTime() ?? -Infinity) - (b.lastAccessAt?.getTime() ?? -Infinity) || 0,
    NAME: (a, b) => compareText(fold(a.name ?? a.email), fold(b.name ?? b.email)),
    EMAIL: (a, b) => compareText(a.email, b.email),
  };

  const cases = Object.keys(ORDERS).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const));

  test.each(cases)('every page under %s %s, 7 at a time, without repeats or gaps', async (field, direction) => {
    const sign = direction === 'ASC' ? 1 : -1;
    const expected = [...users].sort((a, b) => sign * (ORDERS[field]!(a, b) || compareText(a.id, b.id))).map((user) => user.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { users: page }: { users: any } = await client.ok(
        `query($orderBy: UserOrder, $after: String) {
           users(orderBy: $orderBy, first: 7, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } }
         }`,
        { orderBy: { field, direction }, after },
      );
      pages += 1;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(users.length / 7));
  });

  test('paging a filtered list', async () => {
    const filter: Filter = { tags: { any: [tags.red, tags.green] } };
    const expected = users
      .filter((user) => matches(user, filter))
      .sort(bySignupDesc)
      .map((user) => user.id);
    expect((await allPages(filter, 4)).ids).toEqual(expected);
  });

  test('a cursor only works with the order it came from', async () => {
    const { users: page } = await client.ok(USERS, { first: 2 });
    const error = await client.error(
      `query($after: String) { users(first: 2, after: $after, orderBy: { field: EMAIL, direction: ASC }) { edges { cursor } } }`,
      { after: page.pageInfo.endCursor },
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('after');
  });

  test.each([
    ['garbage', 'not-a-cursor'],
    ['valid base64 of junk', Buffer.from('{"o":1}').toString('base64url')],
    [
      'a forged key',
      Buffer.from(JSON.stringify({ o: 'SIGNED_UP_AT', d: 'DESC', k: "x'; DROP TABLE users; --", i: '00000000-0000-0000-0000-000000000000' })).toString(
        'base64url',
      ),
    ],
  ])('a %s cursor is refused by name', async (_label, after) => {
    const error = await client.error(USERS, { after });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  test('first: 0 returns an empty page and first over 500 is refused', async () => {
    const { users: empty } = await client.ok(USERS, { first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.totalCount).toBe(users.length);
    const error = await client.error(USERS, { first: 501 });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await client.error(USERS, { first: -1 })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
