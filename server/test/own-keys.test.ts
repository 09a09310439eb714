/**
 * Keys a client names are looked up as the keys they are: a CSV import mode
 * or a profile field called like a member of every JavaScript object
 * (`__proto__`, `constructor`, `toString`) finds nothing it did not define.
 */
import { importCsv, postImport } from './csv/support';
import { newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('an import mode named like an object member is a 400 naming the modes, never a 500', async () => {
  const appId = newAppId();
  for (const mode of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    const answer = await postImport(server, appId, 'email\na@example.com\n', mode);
    expect([mode, answer.status, (answer.body as any).error]).toEqual([
      mode,
      400,
      { code: 'BAD_USER_INPUT', field: 'mode', message: 'mode must be upsert, insert or dry-run' },
    ]);
  }
});

test('a required profile field keyed "constructor" is enforced by createUser and by the import, and stored when given', async () => {
  const appId = newAppId();
  const admin = await server.client(appId);
  await admin.ok(`mutation { createProfileField(input: { key: "constructor", label: "Builder", type: TEXT, required: true }) { id } }`);
  const missing = await admin.request(`mutation { createUser(input: { email: "none@example.com" }) { id } }`);
  expect(missing.errors?.[0]).toMatchObject({
    message: 'Builder (constructor) is required',
    extensions: { code: 'BAD_USER_INPUT', field: 'input.profile.constructor' },
  });
  const imported = await importCsv(server, appId, 'email,constructor\nmissing@example.com,\ngiven@example.com,Brunel\n', 'insert');
  expect(imported).toMatchObject({ created: 1, failed: 1 });
  expect(imported.errors).toEqual([{ row: 2, column: 'constructor', message: expect.stringMatching(/Builder \(constructor\) is required/) }]);
  const { users } = await admin.ok(`{ users { totalCount edges { node { email profile } } } }`);
  expect(users).toEqual({ totalCount: 1, edges: [{ node: { email: 'given@example.com', profile: { constructor: 'Brunel' } } }] });
});
