/**
 * Names, tag names, labels and ban reasons are text people read: kept in
 * NFC (so "Café" typed either way is one tag), and refused when they hold
 * what would make them read differently from what they are.
 */
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
