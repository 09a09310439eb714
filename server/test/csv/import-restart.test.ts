import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { GraphQLClient, newAppId, TEST_SECRET, tokens } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { generatedCsv, job, postImport, waitForJob } from './support';

/** The compiled server: `npm test` builds it first. */
const MAIN = path.resolve(__dirname, '../../dist/main.js');
const ROWS = 80_000;

interface ChildServer {
  process: ChildProcess;
  url: string;
  output: string[];
}

/**
 * A database of this test's own: the servers other test files run poll the
 * shared one for jobs too, and one of them taking this job would leave the
 * kill nothing to interrupt.
 */
// A database of its own: a server of another test file would otherwise take the job over.
let database: OwnDatabase;
let databaseUrl: string;

beforeAll(async () => {
  database = await createOwnDatabase('um_restart');
  databaseUrl = database.url;
});

/** Starts the real server as its own process on a free port against this test's database. */
function startChild(): Promise<ChildServer> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build -w server\` (npm test does)`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', PORT: '0', AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output.join('')}`)), 30_000);
    const read = (chunk: Buffer) => {
      output.push(String(chunk));
      const match = /running at (http:\/\/localhost:\d+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1]!, output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}):\n${output.join('')}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** The job's committed progress and the app's users, read in one snapshot. */
async function snapshot(appId: string, jobId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { rows: jobs } = await client.query(
      `SELECT status, processed_rows AS processed, created, updated, unchanged, failed, last_row AS "lastRow", attempts,
              (SELECT count(*)::int FROM import_job_chunks WHERE job_id = $1) AS chunks,
              -- Data rows inside the committed spans (user n is file row n + 2).
              (SELECT coalesce(sum(least(upper(span), $2 + 2) - greatest(lower(span), 2)), 0)::int
                 FROM unnest(committed_rows) AS span WHERE upper(span) > 2) AS covered,
              (SELECT upper(span) - 1 FROM unnest(committed_rows) AS span LIMIT 1) AS "firstSpanEnd"
         FROM import_jobs WHERE id = $1`,
      [jobId, ROWS],
    );
    const { rows: users } = await client.query(
      `SELECT count(*)::int AS count, coalesce(max(substring(email FROM '^user(\\d+)@')::int), -1) AS highest,
              count(*) FILTER (WHERE cardinality(tag_ids) <> 1)::int AS "withoutTag",
              count(*) FILTER (WHERE NOT (SELECT committed_rows FROM import_jobs WHERE id = $2) @> (substring(email FROM '^user(\\d+)@')::int + 2))::int
                AS "outsideSpans"
         FROM users WHERE app_id = $1`,
      [appId, jobId],
    );
    await client.query('COMMIT');
    return { job: jobs[0], users: users[0] };
  } finally {
    await client.end();
  }
}

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  await database.drop();
});

it('a job whose server is killed mid-import keeps only whole batches, and a new server finishes it exactly', async () => {
  const appId = newAppId();
  const first = await startChild();
  children.push(first.process);
  const client = new GraphQLClient(`${first.url}/graphql`, await tokens.sign({ subject: 'admin@test', appId, role: 'admin' }));

  const posted = await postImport(first, appId, generatedCsv(ROWS));
  expect(posted.status).toBe(202);
  const jobId = posted.body.jobId;
  for (;;) {
    const current = await job(client, jobId);
    if (current.processedRows > 0) break;
    expect(current.status).not.toMatch(/SUCCEEDED|FAILED/);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  first.process.kill('SIGKILL');
  await exited(first.process);

  // Whatever another runner does from here on, every snapshot holds exactly the committed batches.
  const killed = await snapshot(appId, jobId);
  expect(killed.job.status).toBe('RUNNING');
  expect(killed.job.processed).toBeGreaterThan(0);
  expect(killed.job.processed).toBeLessThan(ROWS);
  expect(killed.users.count).toBe(killed.job.created);
  expect(killed.job.processed).toBe(killed.job.created);
  // The users written are exactly the rows of the committed spans (batches
  // commit on two connections, so in any order): nothing of a batch half done.
  expect(killed.users.outsideSpans).toBe(0);
  expect(killed.job.covered).toBe(killed.users.count);
  expect(killed.job.lastRow).toBe(killed.job.firstSpanEnd);
  expect(killed.users.withoutTag).toBe(0);

  const second = await startChild();
  children.push(second.process);
  const resumedClient = new GraphQLClient(`${second.url}/graphql`, client.token);
  const done = await waitForJob(resumedClient, jobId, 120_000);
  expect(done).toMatchObject({ status: 'SUCCEEDED', totalRows: ROWS, processedRows: ROWS, created: ROWS, updated: 0, unchanged: 0, failed: 0 });

  const finished = await snapshot(appId, jobId);
  expect(finished.users).toEqual({ count: ROWS, highest: ROWS - 1, withoutTag: 0, outsideSpans: 0 });
  expect(finished.job).toMatchObject({ covered: ROWS, lastRow: ROWS + 1 });
  // Resumed, not started over: a second run counted, and no row was seen twice.
  expect(finished.job.attempts).toBeGreaterThanOrEqual(2);
  expect(finished.job.chunks).toBe(0);

  second.process.kill('SIGTERM');
  await exited(second.process);
});
