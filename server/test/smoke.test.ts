import { newAppId, startTestServer, type TestServer } from './support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('health and an empty app', async () => {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const client = await server.client(newAppId());
  const data = await client.ok('{ users { totalCount edges { node { id } } } }');
  expect(data.users).toEqual({ totalCount: 0, edges: [] });
});
