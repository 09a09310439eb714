import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { runMigrations } from '../../src/db/migrate';
import { generatedCsv, job, postImport, waitForJob } from '../csv/support';
import { type ChildCluster, startClusterInChild } from '../support/embedded-child';
import { freePort } from '../support/free-port';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The database goes away for ten seconds while users read and an import
 * runs, then comes back: meanwhile every request is answered 503 with
 * Retry-After (never a hang, never a 500), /healthz says the database does
 * not answer; afterwards the server serves again within seconds on its own,
 * the import finishes with every row once, and every webhook arrives.
 */

/** Enough rows for several batches, so the import has rows left to write after the outage. */
const ROWS = 60_000;
const OUTAGE_MS = 10_000;

let dir: string;
let options: { dir: string; port: number; database: string; throwaway: boolean };
let cluster: ChildCluster;
const children: ChildProcess[] = [];
let receiver: WebhookReceiver;
let server: TestServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-manager-outage-'));
  fs.chmodSync(dir, 0o755);
  options = { dir, port: await freePort(), database: 'outage', throwaway: true };
  cluster = await startClusterInChild(options, children);
  await runMigrations(cluster.url);
  receiver = new WebhookReceiver();
  await receiver.listen();
  server = await startTestServer(
    { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'webhook-secret-for-the-tests', DB_ACQUIRE_TIMEOUT: '1s' },
    { databaseUrl: cluster.url, lifecycle: { jobs: { webhooksMs: 200 }, webhooks: { baseBackoffMs: 200, maxBackoffMs: 1_000 } } },
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  await receiver?.close();
  await cluster?.stop();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Answer {
  at: number;
  status: number;
  retryAfter: string | null;
  ms: number;
  body: string;
}

/** Requests in a loop until stopped, each answer noted. */
function steadily(request: () => Promise<Response>) {
  const answers: Answer[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const response = await request();
        answers.push({
          at: started,
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          ms: Date.now() - started,
          body: await response.text(),
        });
      } catch (error) {
        answers.push({ at: started, status: 0, retryAfter: null, ms: Date.now() - started, body: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    answers,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

test('Postgres stops for 10 s under reads and an import, and comes back', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  // Webhooks waiting to go out when the database stops: the receiver is down too, for now.
  const banned = await postImport(server, appId, generatedCsv(200, { from: 1_000_000 }));
  expect((await waitForJob(admin, banned.body.jobId)).status).toBe('SUCCEEDED');
  const { users } = await admin.ok('{ users(first: 200) { edges { node { id } } } }');
  const bannedIds = (users.edges as Array<{ node: { id: string } }>).map((edge) => edge.node.id);
  receiver.status = 503;
  expect(await admin.ok('mutation($ids: [ID!]!) { setUsersStatus(ids: $ids, status: BANNED, reason: "outage test") }', { ids: bannedIds })).toEqual({
    setUsersStatus: 190,
  });

  const posted = await postImport(server, appId, generatedCsv(ROWS));
  expect(posted.status).toBe(202);
  for (;;) {
    const current = await job(admin, posted.body.jobId);
    if (current.processedRows > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The outage must find the import half way through a write, however fast
  // the machine: a lock that lets reads through holds its next batch until
  // the database stops.
  const holder = new pg.Client({ connectionString: cluster.url });
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE users IN SHARE MODE');
  expect((await job(admin, posted.body.jobId)).status).toBe('RUNNING');
  for (const deadline = Date.now() + 30_000; ;) {
    if (Date.now() > deadline) throw new Error('the import never reached its next write to users');
    const { rows } = await holder.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'users'::regclass AND mode = 'RowExclusiveLock' AND NOT granted`,
    );
    if (rows[0]!.waiting > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const reads = steadily(() =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ query: '{ users(first: 5, filter: { status: BANNED }) { edges { node { id email } } } }' }),
    }),
  );
  const health = steadily(() => fetch(`${server.url}/healthz`));

  await cluster.stop();
  await holder.end().catch(() => undefined);
  const stopped = Date.now();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  receiver.status = 200;
  const restarting = Date.now();
  cluster = await startClusterInChild(options, children);
  const back = Date.now();

  // Serving again within 5 s of the database's return, by itself.
  let servedAt: number | undefined;
  while (Date.now() - back < 15_000) {
    const answer = reads.answers.findLast((candidate) => candidate.at >= back && candidate.status === 200);
    if (answer) {
      servedAt = answer.at + answer.ms;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(servedAt).toBeDefined();
  expect(servedAt! - back).toBeLessThanOrEqual(5_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await reads.stop();
  await health.stop();

  // While it was away: 503 with Retry-After, quickly, and nothing else.
  const during = (answers: Answer[]) => answers.filter((answer) => answer.at >= stopped + 500 && answer.at + answer.ms <= restarting);
  for (const answers of [during(reads.answers), during(health.answers)]) {
    expect(answers.length).toBeGreaterThan(20);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([503]));
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(3_000);
  }
  expect(new Set(during(reads.answers).map((answer) => answer.retryAfter))).toEqual(new Set(['5']));
  expect(JSON.parse(during(reads.answers)[0]!.body).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  expect(JSON.parse(during(health.answers)[0]!.body)).toEqual({ status: 'unavailable', message: 'The database does not answer' });
  // No answer at all was anything but 200 or 503.
  expect([...reads.answers, ...health.answers].filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
  expect(server.logs.filter((line) => Number(line.level) >= 50 && /unexpected/.test(String(line.msg)))).toEqual([]);

  // The import resumed and wrote every row once.
  const finished = await waitForJob(admin, posted.body.jobId, 180_000);
  expect(server.logs.some((line) => line.msg === 'job interrupted; it will resume' && line.job === posted.body.jobId)).toBe(true);
  expect([finished.status, finished.created, finished.failed, finished.processedRows]).toEqual(['SUCCEEDED', ROWS, 0, ROWS]);
  const [counted] = await server.db.query<{ users: number; emails: number }>(
    `SELECT count(*)::int AS users, count(DISTINCT email)::int AS emails FROM users WHERE app_id = $1 AND email NOT LIKE 'user1______@example.com'`,
    [appId],
  );
  expect(counted).toEqual({ users: ROWS, emails: ROWS });

  // Every ban's webhook arrived.
  const deadline = Date.now() + 30_000;
  const expected = new Set(bannedIds);
  const bannedWebhooks = () => new Set(receiver.received.filter((hook) => hook.json.type === 'user.banned').map((hook) => hook.json.userId));
  while (bannedWebhooks().size < 190 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(bannedWebhooks().size).toBe(190);
  for (const id of bannedWebhooks()) expect(expected.has(id)).toBe(true);
}, 300_000);
