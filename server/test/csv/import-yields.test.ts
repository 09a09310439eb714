import { generatedCsv, postImport, waitForJob } from './support';
import { newAppId, startTestServer, type TestServer } from '../support/harness';

/**
 * An import writes on two connections at once only while no one is being
 * answered: on a 2-core machine two writers take both cores, and requests
 * waited behind them. With requests coming in, it writes one batch at a
 * time; once they stop, it overlaps batches again.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const finishedLine = (jobId: string) => server.logs.find((line) => line.msg === 'csv import finished' && line.job === jobId);

test('with no requests being answered, the writers overlap their batches', async () => {
  const appId = newAppId();
  const posted = await postImport(server, appId, generatedCsv(30_000));
  expect(posted.status).toBe(202);
  // Waiting on the log, not on importJob: polling would be requests being answered.
  const deadline = Date.now() + 120_000;
  while (!finishedLine(posted.body.jobId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const line = finishedLine(posted.body.jobId);
  expect(line).toMatchObject({ created: 30_000 });
  expect(Number(line!.overlapped)).toBeGreaterThan(0);
}, 180_000);

test('while requests are being answered (another app reading page after page), batches are written one at a time', async () => {
  const appId = newAppId();
  const reader = await server.client(newAppId(), 'viewer');
  const posted = await postImport(server, appId, generatedCsv(30_000, { from: 100_000 }));
  const deadline = Date.now() + 120_000;
  let reads = 0;
  while (!finishedLine(posted.body.jobId) && Date.now() < deadline) {
    await reader.ok('{ users(first: 50) { edges { node { id email } } } }');
    reads += 1;
  }
  expect(reads).toBeGreaterThan(10);
  const done = await waitForJob(await server.client(appId), posted.body.jobId);
  expect([done.status, done.created]).toEqual(['SUCCEEDED', 30_000]);
  expect(finishedLine(posted.body.jobId)!.overlapped).toBe(0);
}, 180_000);
