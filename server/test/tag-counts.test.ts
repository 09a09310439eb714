import pg from 'pg';
import { createTag, CREATE_USER } from './support/fixtures';
import { GraphQLClient, newAppId, startTestServer, type TestServer } from './support/harness';

/** Tag user counts are kept by triggers: whatever writes users, they must equal a recount. */

let server: TestServer;
let client: GraphQLClient;
let appId: string;
let db: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  appId = newAppId();
  client = await server.client(appId, 'admin');
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await server.close();
});

async function expectCountsMatchRecount(): Promise<Record<string, number>> {
  const { tags } = await client.ok('{ tags { id name userCount } }');
  const { rows } = await db.query<{ id: string; users: number }>(
    `SELECT tags.id, (SELECT count(*)::int FROM users WHERE users.app_id = $1 AND users.tag_ids @> ARRAY[tags.id]) AS users
       FROM tags WHERE tags.app_id = $1`,
    [appId],
  );
  const recount = Object.fromEntries(rows.map((row) => [row.id, row.users]));
  expect(Object.fromEntries(tags.map((tag: { id: string; userCount: number }) => [tag.id, tag.userCount]))).toEqual(recount);
  return Object.fromEntries(tags.map((tag: { name: string; userCount: number }) => [tag.name, tag.userCount]));
}

test('every write path keeps the counts right', async () => {
  const [red, blue, green] = [await createTag(client, 'Red'), await createTag(client, 'Blue'), await createTag(client, 'Green')];
  const ids: string[] = [];
  for (let index = 0; index < 6; index += 1) {
    ids.push((await client.ok(CREATE_USER, { input: { email: `c${index}@example.com`, tagIds: index % 2 ? [red.id, blue.id] : [red.id] } })).createUser.id);
  }
  expect(await expectCountsMatchRecount()).toEqual({ Red: 6, Blue: 3, Green: 0 });

  await client.ok('mutation($id: ID!, $t: [ID!]) { updateUser(id: $id, input: { tagIds: $t }) { id } }', { id: ids[0], t: [green.id] });
  await client.ok('mutation($id: ID!) { updateUser(id: $id, input: { name: "Only the name" }) { id } }', { id: ids[1] });
  expect(await expectCountsMatchRecount()).toEqual({ Red: 5, Blue: 3, Green: 1 });

  await client.ok('mutation($u: [ID!]!, $t: [ID!]!) { addTagsToUsers(userIds: $u, tagIds: $t) }', { u: ids, t: [green.id, blue.id] });
  expect(await expectCountsMatchRecount()).toEqual({ Red: 5, Blue: 6, Green: 6 });

  await client.ok('mutation($u: [ID!]!, $t: [ID!]!) { removeTagsFromUsers(userIds: $u, tagIds: $t) }', { u: ids.slice(0, 4), t: [red.id] });
  expect(await expectCountsMatchRecount()).toEqual({ Red: 2, Blue: 6, Green: 6 });

  await client.ok('mutation($id: ID!) { deleteTag(id: $id) }', { id: blue.id });
  expect(await expectCountsMatchRecount()).toEqual({ Red: 2, Green: 6 });

  // Set-based writes as imports make them: an upsert that inserts some rows and changes others, then a delete.
  await db.query(
    `INSERT INTO users (app_id, email, tag_ids) VALUES ($1, 'c0@example.com', ARRAY[$2::uuid]), ($1, 'new@example.com', ARRAY[$2::uuid, $3::uuid])
     ON CONFLICT (app_id, email) DO UPDATE SET tag_ids = EXCLUDED.tag_ids`,
    [appId, red.id, green.id],
  );
  expect(await expectCountsMatchRecount()).toEqual({ Red: 4, Green: 6 });
  await db.query(`DELETE FROM users WHERE app_id = $1 AND email IN ('new@example.com', 'c5@example.com')`, [appId]);
  expect(await expectCountsMatchRecount()).toEqual({ Red: 2, Green: 4 });
});

test('concurrent bulk tagging of overlapping users neither deadlocks nor miscounts', async () => {
  const tags = [await createTag(client, 'P1'), await createTag(client, 'P2'), await createTag(client, 'P3')];
  const ids: string[] = [];
  for (let index = 0; index < 30; index += 1) ids.push((await client.ok(CREATE_USER, { input: { email: `p${index}@example.com` } })).createUser.id);
  const ADD = 'mutation($u: [ID!]!, $t: [ID!]!) { addTagsToUsers(userIds: $u, tagIds: $t) }';
  const REMOVE = 'mutation($u: [ID!]!, $t: [ID!]!) { removeTagsFromUsers(userIds: $u, tagIds: $t) }';
  const calls = [];
  for (let round = 0; round < 12; round += 1) {
    const users = ids.filter((_, index) => (index + round) % 3 !== 0);
    const chosen = round % 2 ? [tags[0]!.id, tags[2]!.id] : [tags[2]!.id, tags[1]!.id, tags[0]!.id];
    calls.push(client.ok(round % 4 === 3 ? REMOVE : ADD, { u: round % 2 ? users : [...users].reverse(), t: chosen }));
  }
  await Promise.all(calls);
  await expectCountsMatchRecount();
});

test('deleting a tag while others tag the same users ends consistent', async () => {
  const doomed = await createTag(client, 'Doomed');
  const kept = await createTag(client, 'Kept');
  const ids: string[] = [];
  for (let index = 0; index < 20; index += 1) ids.push((await client.ok(CREATE_USER, { input: { email: `d${index}@example.com` } })).createUser.id);
  const ADD = 'mutation($u: [ID!]!, $t: [ID!]!) { addTagsToUsers(userIds: $u, tagIds: $t) }';
  const results = await Promise.all([
    ...Array.from({ length: 6 }, (_, round) => client.request(ADD, { u: round % 2 ? ids : [...ids].reverse(), t: [doomed.id, kept.id] })),
    client.request('mutation($id: ID!) { deleteTag(id: $id) }', { id: doomed.id }),
  ]);
  for (const result of results) {
    // Each call either went through, or found the tag already gone.
    if (result.errors) expect(result.errors[0]!.extensions?.code).toBe('NOT_FOUND');
  }
  expect(results.at(-1)!.errors).toBeUndefined();
  const counts = await expectCountsMatchRecount();
  expect(counts).not.toHaveProperty('Doomed');
  const { rows } = await db.query('SELECT count(*)::int AS n FROM users WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]', [appId, doomed.id]);
  expect(rows[0].n).toBe(0);
});
