/**
 * Names, tag names, labels and ban reasons are text people read: kept in
 * NFC (so "Café" typed either way is one tag), and refused when they hold
 * what would make them read differently from what they are.
 */
import { importCsv } from './csv/support';
import { newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('bidirectional overrides, invisible characters and line separators are refused, naming the field', async () => {
  const admin = await server.client(newAppId());
  const cases: Array<[string, string, RegExp]> = [
    ['input.name', 'Ada \u202Eecalevol', /must not hold bidirectional override characters/],
    ['input.name', 'Ada\u2066 Lovelace', /must not hold bidirectional override characters/],
    ['input.name', 'Ada\u200BLovelace', /must not hold invisible characters/],
    ['input.name', 'Ada\uFEFFLovelace', /must not hold invisible characters/],
    ['input.name', 'Ada\u2028Lovelace', /must be one line of printable text/],
    ['input.name', 'Ada\u0085Lovelace', /must be one line of printable text/],
  ];
  for (const [field, name, message] of cases) {
    const error = await admin.error('mutation($name: String) { createUser(input: { email: "u@example.com", name: $name }) { id } }', { name });
    expect([JSON.stringify(name), error.extensions?.code, error.extensions?.field]).toEqual([JSON.stringify(name), 'BAD_USER_INPUT', field]);
    expect(error.message).toMatch(message);
  }
  const tag = await admin.error('mutation($name: String!) { createTag(input: { name: $name }) { id } }', { name: 'VIP\u202E' });
  expect(tag.extensions?.code).toBe('BAD_USER_INPUT');
  // Joiners stay: emoji sequences and scripts that need them.
  const joined = '👩\u200D💻 Ada \u0646\u200C\u0627';
  const { createUser } = await admin.ok('mutation($name: String) { createUser(input: { email: "j@example.com", name: $name }) { name } }', { name: joined });
  expect(createUser.name).toBe(joined);
});

test('text is kept in NFC: a tag typed decomposed is the same tag as one typed composed', async () => {
  const admin = await server.client(newAppId());
  const composed = 'Caf\u00e9';
  const decomposed = 'Cafe\u0301';
  const { createTag } = await admin.ok('mutation($name: String!) { createTag(input: { name: $name }) { name } }', { name: decomposed });
  expect(createTag.name).toBe(composed);
  const again = await admin.error('mutation($name: String!) { createTag(input: { name: $name }) { id } }', { name: composed });
  expect(again.extensions?.code).toBe('CONFLICT');
  const { createUser } = await admin.ok('mutation($name: String) { createUser(input: { email: "n@example.com", name: $name }) { name } }', {
    name: `Ren${'e\u0301'}`,
  });
  expect(createUser.name).toBe('Ren\u00e9');
});

const CREATE_TAG = 'mutation($name: String!) { createTag(input: { name: $name }) { id name } }';

test('tag names are compared after case folding: Straße and STRASSE, σοφος and ΣΟΦΟΣ, are one tag', async () => {
  const admin = await server.client(newAppId());
  const { createTag: strasse } = await admin.ok(CREATE_TAG, { name: 'Straße' });
  for (const name of ['STRASSE', 'strasse', 'STRAẞE']) {
    const error = await admin.error(CREATE_TAG, { name });
    expect([name, error.extensions?.code, error.message]).toEqual([name, 'CONFLICT', `A tag named "${name}" already exists`]);
  }
  await admin.ok(CREATE_TAG, { name: 'σοφος' });
  expect((await admin.error(CREATE_TAG, { name: 'ΣΟΦΟΣ' })).extensions?.code).toBe('CONFLICT');
  // A tag may be renamed to another spelling of itself.
  const { updateTag } = await admin.ok('mutation($id: ID!) { updateTag(id: $id, input: { name: "STRASSE" }) { name } }', { id: strasse.id });
  expect(updateTag.name).toBe('STRASSE');
  const other = await admin.ok(CREATE_TAG, { name: 'Gasse' });
  expect(
    (await admin.error('mutation($id: ID!) { updateTag(id: $id, input: { name: "straße" }) { name } }', { id: other.createTag.id })).extensions?.code,
  ).toBe('CONFLICT');
});

test('an import links the tag however its name is cased or composed, and creates one tag for all spellings', async () => {
  const appId = newAppId();
  const admin = await server.client(appId);
  const { createTag: cafe } = await admin.ok(CREATE_TAG, { name: 'Café' });
  const job = await importCsv(server, appId, `email,tags\na@example.com,CAFE\u0301;Weiß\nb@example.com,CAF\u00c9;WEISS\nc@example.com,weiss\n`);
  expect([job.status, job.created, job.failed]).toEqual(['SUCCEEDED', 3, 0]);
  const { tags } = await admin.ok('{ tags { id name userCount } }');
  expect(tags).toEqual([
    { id: cafe.id, name: 'Café', userCount: 2 },
    { id: expect.any(String), name: 'Weiß', userCount: 3 },
  ]);
});

test('an import refuses names and tags that would read differently from what they hold, as the API does', async () => {
  const appId = newAppId();
  const job = await importCsv(server, appId, `email,name,tags\na@example.com,Ada \u202Eecalevol,\nb@example.com,Bea,VIP\u200B\nc@example.com,Cafe\u0301,\n`);
  expect(job.errors).toEqual([
    { row: 2, column: 'name', message: 'name must not hold bidirectional override characters (U+202A–U+202E, U+2066–U+2069)' },
    { row: 3, column: 'tags', message: expect.stringMatching(/^tag "VIP.*" must not hold invisible characters \(U\+200B, U\+2060, U\+FEFF\)$/) },
  ]);
  const { users } = await (await server.client(appId)).ok('{ users { edges { node { name } } } }');
  expect(users.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['Caf\u00e9']);
});

test('select options are compared after NFC and case folding, and a value is kept as the option is spelt', async () => {
  const appId = newAppId();
  const admin = await server.client(appId);
  const FIELD = 'mutation($options: [String!]) { createProfileField(input: { key: "street", label: "Street", type: SELECT, options: $options }) { key } }';
  const repeated = await admin.error(FIELD, { options: ['Straße', 'Hauptstrasse', 'STRASSE'] });
  expect([repeated.extensions?.field, repeated.message]).toEqual(['input.options', 'Options must not repeat: "Straße" and "STRASSE" are the same option']);
  await admin.ok(FIELD, { options: ['Straße', 'Cafe\u0301'] });
  const create = 'mutation($email: String!, $street: String!) { createUser(input: { email: $email, profile: { street: $street } }) { profile } }';
  expect((await admin.ok(create, { email: 'a@example.com', street: 'STRASSE' })).createUser.profile).toEqual({ street: 'Straße' });
  expect((await admin.ok(create, { email: 'b@example.com', street: 'CAF\u00c9' })).createUser.profile).toEqual({ street: 'Caf\u00e9' });
  const wrong = await admin.error(create, { email: 'c@example.com', street: 'Strand' });
  expect(wrong.message).toBe('Street (street) must be one of "Straße", "Café"');
  const job = await importCsv(server, appId, 'email,street\nd@example.com,strasse\n');
  expect([job.created, job.failed]).toEqual([1, 0]);
  const { users } = await admin.ok('{ users(filter: { search: "d@example.com" }) { edges { node { profile } } } }');
  expect(users.edges[0].node.profile).toEqual({ street: 'Straße' });
});
