import pino from 'pino';
import { systemClock } from '../../src/common/clock';
import { Database, type Queryable } from '../../src/db/database';
import { type ClaimedJob, type DueJob, type JobContext, type JobStore, notHeldSql, type QueueDefinition, QueueRunner } from '../../src/jobs/job-queue';
import { stallsSet } from '../../src/jobs/job-table';
import { TaskScheduler } from '../../src/jobs/scheduled-tasks';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';

/**
 * The job runner against a table of the test's own, in a database of its
 * own: two runners stand for two server processes sharing one database.
 */
let database: OwnDatabase;
let db: Database;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  database = await createOwnDatabase('um_jobs');
  db = new Database(database.url, 4);
  await db.execute(`
    CREATE TABLE test_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      app_id text NOT NULL DEFAULT 'test',
      lock_key integer GENERATED ALWAYS AS IDENTITY,
      status text NOT NULL DEFAULT 'QUEUED',
      attempts integer NOT NULL DEFAULT 0,
      run_after timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      message text,
      progress integer NOT NULL DEFAULT 0,
      stalls integer NOT NULL DEFAULT 0,
      stall_mark integer
    )`);
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

const LOCK_NAMESPACE = 990011;

const testStore: JobStore<ClaimedJob> = {
  due: (queryable: Queryable, namespace: number, limit: number, now: Date) =>
    queryable.query<DueJob>(
      `SELECT id, lock_key AS "lockKey" FROM test_jobs j
        WHERE status IN ('QUEUED', 'RUNNING') AND (run_after IS NULL OR run_after <= $1) AND ${notHeldSql(namespace, 'j.lock_key')}
        LIMIT $2`,
      [now, limit],
    ),
  claim: async (queryable, id, now) =>
    (
      await queryable.query<ClaimedJob>(
        `UPDATE test_jobs SET status = 'RUNNING', attempts = attempts + 1, heartbeat_at = $2, run_after = NULL, ${stallsSet('progress')}
          WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id, app_id AS "appId", attempts, stalls`,
        [id, now],
      )
    )[0],
  heartbeat: async (queryable, job, now) =>
    (await queryable.execute(`UPDATE test_jobs SET heartbeat_at = $3 WHERE id = $1 AND attempts = $2`, [job.id, job.attempts, now])) === 1,
  retryLater: async (queryable, job, at) => {
    await queryable.execute(`UPDATE test_jobs SET run_after = $3 WHERE id = $1 AND attempts = $2`, [job.id, job.attempts, at]);
  },
  purgeFinished: (queryable, before) => queryable.execute(`DELETE FROM test_jobs WHERE finished_at < $1`, [before]),
};

type Handler = (job: ClaimedJob, context: JobContext) => Promise<void>;

function queue(handler: Handler, overrides: Partial<QueueDefinition<ClaimedJob>> = {}): QueueRunner<ClaimedJob> {
  return new QueueRunner<ClaimedJob>(
    {
      name: 'test-queue',
      lockNamespace: LOCK_NAMESPACE,
      store: testStore,
      concurrency: 2,
      maxAttempts: 3,
      retryBaseMs: 300,
      retryMaxMs: 1_000,
      keepFinishedMs: 60_000,
      run: handler,
      fail: async (job, message) => {
        await db.execute(`UPDATE test_jobs SET status = 'FAILED', message = $2, finished_at = now() WHERE id = $1`, [job.id, message]);
      },
      permanentFailure: (error) => (error instanceof Error && error.message.startsWith('permanent:') ? error.message : undefined),
      givenUp: (_job, attempts) => `given up after ${attempts} attempts`,
      stalled: () => 'died twice at the same place',
      ...overrides,
    },
    { db, clock: systemClock, logger, pollMs: 50, heartbeatMs: 50 },
  );
}

const succeed = (job: ClaimedJob) => db.execute(`UPDATE test_jobs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [job.id]).then(() => undefined);

async function newJob(): Promise<string> {
  const [job] = await db.query<{ id: string }>(`INSERT INTO test_jobs DEFAULT VALUES RETURNING id`);
  return job!.id;
}

const jobRow = async (id: string) =>
  (
    await db.query<{ status: string; attempts: number; message: string | null; runAfter: Date | null }>(
      `SELECT status, attempts, message, run_after AS "runAfter" FROM test_jobs WHERE id = $1`,
      [id],
    )
  )[0]!;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a job runs in one of two runners at a time; when its run loses its connection the other takes it over, and the first learns it lost the job', async () => {
  const id = await newJob();
  const runs: Array<{ runner: string; attempt: number; signal: AbortSignal }> = [];
  const handler =
    (runner: string): Handler =>
    async (job, { signal }) => {
      if (job.id !== id) return;
      runs.push({ runner, attempt: job.attempts, signal });
      // Works until told to stop; the second run finishes the job.
      if (job.attempts >= 2) return succeed(job);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    };
  const first = queue(handler('first'));
  const second = queue(handler('second'));
  first.start();
  second.start();
  try {
    await until('the first run', () => runs.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Both runners polled eight times meanwhile: still one run.
    expect(runs).toHaveLength(1);
    const owner = runs[0]!;

    // The holder's session ends, as when its process dies: its advisory lock goes with it.
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid`, [LOCK_NAMESPACE]);
    await until('the job to succeed', async () => (await jobRow(id)).status === 'SUCCEEDED');
    expect(runs).toHaveLength(2);
    expect(runs[1]!.attempt).toBe(2);
    // The first run's heartbeat found attempt 2 in the row and stopped it.
    await until('the first run to be told', () => owner.signal.aborted);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});

test('a job whose run dies twice at the same place is given up, not resumed a third time; one that got further in between resumes', async () => {
  const stuck = await newJob();
  const moving = await newJob();
  const runs: Record<string, number> = { [stuck]: 0, [moving]: 0 };
  // Two runners, as two processes: when one's sessions end the other takes the jobs up.
  const handler: Handler = async (job, { signal }) => {
    if (!(job.id in runs)) return;
    runs[job.id]! += 1;
    // The moving job gets a row further before each death, and finishes on its fourth run.
    if (job.id === moving) {
      if (runs[moving] === 4) return succeed(job);
      await db.execute(`UPDATE test_jobs SET progress = progress + 1 WHERE id = $1`, [moving]);
    }
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  };
  const runners = [queue(handler, { maxAttempts: 10 }), queue(handler, { maxAttempts: 10 })];
  const kill = () => db.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid`, [LOCK_NAMESPACE]);
  for (const runner of runners) runner.start();
  try {
    for (let death = 1; death <= 3; death += 1) {
      // The stuck job has no third run: its third claim gives it up.
      await until(`run ${death}`, () => (death > 2 || runs[stuck]! >= death) && runs[moving]! >= death);
      // Both runs are in their work (the moving one has moved on) when their sessions end.
      await until(
        'the progress',
        async () => (await db.query<{ progress: number }>(`SELECT progress FROM test_jobs WHERE id = $1`, [moving]))[0]!.progress >= death,
      );
      await kill();
    }
    await until('the stuck job to be given up', async () => (await jobRow(stuck)).status === 'FAILED');
    expect(await jobRow(stuck)).toMatchObject({ status: 'FAILED', message: 'died twice at the same place', attempts: 3 });
    expect(runs[stuck]).toBe(2);
    await until('the moving job to succeed', async () => (await jobRow(moving)).status === 'SUCCEEDED');
    expect(runs[moving]).toBe(4);
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
  }
});

test('an attempt that fails for a passing reason runs again after its backoff, and the job is given up after maxAttempts', async () => {
  const id = await newJob();
  const attempts: number[] = [];
  const runner = queue((job) => {
    if (job.id !== id) return Promise.resolve();
    attempts.push(Date.now());
    return Promise.reject(new Error('the database said no, this time'));
  });
  runner.start();
  try {
    await until('the job to fail', async () => (await jobRow(id)).status === 'FAILED');
    const row = await jobRow(id);
    expect(row.message).toBe('given up after 3 attempts');
    expect(attempts).toHaveLength(3);
    // Backoff of 300 ms, then 600 ms.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(280);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(580);
  } finally {
    await runner.stop();
  }
});

test('a failure no retry can mend ends the job at once with its message', async () => {
  const id = await newJob();
  let runs = 0;
  const runner = queue((job) => {
    if (job.id !== id) return Promise.resolve();
    runs += 1;
    return Promise.reject(new Error('permanent: the file is not CSV'));
  });
  runner.start();
  try {
    await until('the job to fail', async () => (await jobRow(id)).status === 'FAILED');
    expect(await jobRow(id)).toMatchObject({ attempts: 1, message: 'permanent: the file is not CSV' });
    expect(runs).toBe(1);
  } finally {
    await runner.stop();
  }
});

test('a run stopped by the server stopping leaves the job to resume, and the next runner resumes it', async () => {
  const id = await newJob();
  let stoppedAt = 0;
  const first = queue(async (job, { signal }) => {
    if (job.id !== id) return;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    stoppedAt = job.attempts;
  });
  first.start();
  await until('the first run', async () => (await jobRow(id)).status === 'RUNNING');
  await first.stop();
  expect(stoppedAt).toBe(1);
  expect((await jobRow(id)).status).toBe('RUNNING');

  const next = queue(async (job) => (job.id === id ? succeed(job) : undefined));
  next.start();
  try {
    await until('the job to succeed', async () => (await jobRow(id)).status === 'SUCCEEDED');
    expect((await jobRow(id)).attempts).toBe(2);
  } finally {
    await next.stop();
  }
});

test('a shared scheduled task runs once per interval across servers, never twice at once; a task of each server runs in each', async () => {
  let shared = 0;
  let concurrent = 0;
  let mostAtOnce = 0;
  const own = [0, 0];
  const schedulers = [0, 1].map(
    (index) =>
      new TaskScheduler(db, logger, [
        {
          name: 'test-sweep',
          everyMs: 200,
          shared: true,
          leaseMs: 5_000,
          run: async () => {
            shared += 1;
            concurrent += 1;
            mostAtOnce = Math.max(mostAtOnce, concurrent);
            await new Promise((resolve) => setTimeout(resolve, 20));
            concurrent -= 1;
          },
        },
        {
          name: 'test-own',
          everyMs: 200,
          shared: false,
          run: () => {
            own[index]! += 1;
            return Promise.resolve();
          },
        },
      ]),
  );
  const started = Date.now();
  await Promise.all(schedulers.map((scheduler) => scheduler.start()));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  const intervals = (Date.now() - started) / 200;
  // Uncoordinated, two servers would run it about twice per interval.
  expect(shared).toBeGreaterThanOrEqual(1);
  expect(shared).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
  expect(mostAtOnce).toBe(1);
  expect(own[0]).toBeGreaterThanOrEqual(1);
  expect(own[1]).toBeGreaterThanOrEqual(1);
});

test('finished jobs older than the queue keeps them are purged, running ones never', async () => {
  const finished = await newJob();
  const running = await newJob();
  await db.execute(`UPDATE test_jobs SET status = 'SUCCEEDED', finished_at = now() - interval '2 minutes' WHERE id = $1`, [finished]);
  await db.execute(`UPDATE test_jobs SET status = 'RUNNING', run_after = now() + interval '1 hour' WHERE id = $1`, [running]);
  expect(await queue(() => Promise.resolve()).purgeFinished()).toBeGreaterThanOrEqual(1);
  expect(await db.query(`SELECT 1 FROM test_jobs WHERE id = $1`, [finished])).toHaveLength(0);
  expect(await db.query(`SELECT 1 FROM test_jobs WHERE id = $1`, [running])).toHaveLength(1);
});
