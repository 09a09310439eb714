import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, ms, ok, percentile, type BenchContext, type BenchSection } from './bench-context';
import { importFile, startChild } from './csv.bench';
import { BENCH_FIRST_NAMES, BENCH_LAST_NAMES, BENCH_TAGS, countUsers } from './seed-users';

/** The two apps, each filled through the CSV import (the product's own path) the first time. */
const SIZES = [100_000, 1_000_000];
const TAG = 'bulk-bench';
/** How often the bench asks the job how far it got, as the widget does. */
const POLL_MS = 200;
/** The reader: one client reading pages of 50 one after another while the job runs. */
const READER_FILTERS = [{ status: 'ACTIVE' }, { status: 'BANNED' }, { search: 'hopper' }, {}];

const appOf = (size: number) => `bench-bulk-${size / 1000}k`;

/** A CSV of `count` users: names as the users bench has them, every other one with the half tag. */
async function writeUsers(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('email,name,tags\n');
  let lines = '';
  for (let n = 1; n <= count; n += 1) {
    lines += `b${n}@bulk.example,${BENCH_FIRST_NAMES[n % BENCH_FIRST_NAMES.length]} ${BENCH_LAST_NAMES[(n >> 3) % BENCH_LAST_NAMES.length]},${BENCH_TAGS.bucket(n % 40)}${n % 2 === 0 ? `;${BENCH_TAGS.half}` : ''}\n`;
    if (lines.length > 1 << 20) {
      if (!out.write(lines)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines = '';
    }
  }
  out.end(lines);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/** Pages of 50 over the filter families, one request after another, until stopped; the timings in ms. */
function startReader(url: string, token: string): { stop(): Promise<number[]> } {
  const timings: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let index = 0; running; index += 1) {
      const filter = READER_FILTERS[index % READER_FILTERS.length];
      const began = performance.now();
      await ok(url, token, `query($filter: UserFilter) { users(filter: $filter, first: 50) { edges { node { id email status tags { name } } } } }`, { filter });
      timings.push(performance.now() - began);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return timings;
    },
  };
}

interface JobRun {
  total: number;
  seconds: number;
}

/**
 * Starts a bulk job on every user the filter matches and follows it to its
 * end. The count is the one the server gives in its CONFLICT to an
 * expectedCount of 0 (as the widget confirms an estimate).
 */
async function runJob(url: string, token: string, input: Record<string, unknown>): Promise<JobRun> {
  const START = `mutation($input: BulkJobInput!) { startBulkJob(input: $input) { id status total } }`;
  const refused = await graphql(url, token, START, { input: { ...input, expectedCount: 0 } });
  const count = refused.errors?.[0]?.extensions?.count as number | undefined;
  if (count === undefined) throw new Error(`expected a CONFLICT with the count: ${JSON.stringify(refused)}`);
  const began = performance.now();
  const { startBulkJob } = await ok(url, token, START, { input: { ...input, expectedCount: count } });
  for (;;) {
    const { bulkJob } = await ok(url, token, `query($id: ID!) { bulkJob(id: $id) { status total processed message } }`, { id: startBulkJob.id });
    if (bulkJob.status === 'SUCCEEDED') return { total: bulkJob.total, seconds: (performance.now() - began) / 1000 };
    if (bulkJob.status === 'FAILED') throw new Error(`the bulk job failed: ${bulkJob.message}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const rate = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en-US')} users/s`;

async function run(context: BenchContext): Promise<void> {
  const { child, url } = await startChild(context.databaseUrl);
  const rows: Array<Array<string | number>> = [];
  try {
    for (const size of SIZES) {
      const appId = appOf(size);
      const token = await context.token(appId, 'admin');
      const have = await countUsers(context.db, appId);
      if (have !== size) {
        if (have !== 0) throw new Error(`${appId} holds ${have} users, not ${size}: drop the bench database user_manager_bench_bulk to seed it again`);
        const file = path.join(os.tmpdir(), `um-bench-bulk-${size}.csv`);
        context.log(`writing and importing ${size.toLocaleString('en-US')} users into ${appId}`);
        await writeUsers(file, size);
        const { job } = await importFile(url, token, file);
        fs.rmSync(file, { force: true });
        if (job.status !== 'SUCCEEDED') throw new Error(`the import failed: ${JSON.stringify(job)}`);
      }
      const tags = (await ok(url, token, `{ tags { id name } }`)).tags as Array<{ id: string; name: string }>;
      const tagId = tags.find((tag) => tag.name === TAG)?.id ?? (await ok(url, token, `mutation { createTag(input: { name: "${TAG}" }) { id } }`)).createTag.id;

      // The reader alone first: what its pages cost with no job running.
      const idle = startReader(url, token);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const idleTimings = await idle.stop();
      rows.push([
        size.toLocaleString('en-US'),
        'none (reads alone)',
        '—',
        '—',
        `${ms(percentile(idleTimings, 50))} / ${ms(percentile(idleTimings, 95))}`,
        idleTimings.length,
      ]);

      // Each job is undone by the next, so the data is as it was for the next run.
      const jobs: Array<[string, Record<string, unknown>]> = [
        ['BAN every user', { action: 'BAN', filter: {}, reason: 'bulk bench' }],
        ['UNBAN every user', { action: 'UNBAN', filter: {} }],
        ['ADD_TAGS on every user', { action: 'ADD_TAGS', filter: {}, tagIds: [tagId] }],
        ['REMOVE_TAGS from every user', { action: 'REMOVE_TAGS', filter: {}, tagIds: [tagId] }],
      ];
      for (const [label, input] of jobs) {
        context.log(`${appId}: ${label}`);
        const reader = startReader(url, token);
        const job = await runJob(url, token, input);
        const timings = await reader.stop();
        rows.push([
          size.toLocaleString('en-US'),
          label,
          job.total.toLocaleString('en-US'),
          `${rate(job.total, job.seconds)} (${job.seconds.toFixed(1)} s)`,
          `${ms(percentile(timings, 50))} / ${ms(percentile(timings, 95))}`,
          timings.length,
        ]);
      }
    }
  } finally {
    child.kill();
  }
  context.report(
    'Bulk jobs by filter (server as a child process; users put in through the CSV import)',
    ['users in the app', 'job', 'users changed', 'throughput (start to SUCCEEDED)', 'reader p50 / p95 ms', 'reads'],
    rows,
    [
      'Targets: bulk ban and bulk tag ≥ 20,000 users/s; the reader keeps p95 ≤ 50 ms meanwhile.',
      `The reader is one client reading pages of 50 one after another, over the filters ${READER_FILTERS.map((filter) => JSON.stringify(filter)).join(', ')}.`,
      `${os.cpus().length} cores.`,
    ],
  );
}

export const bulkBench: BenchSection = {
  name: 'bulk',
  description: 'bulk ban, unban, tag and untag by filter on 100,000 and 1,000,000 users, with a reader timing pages meanwhile',
  run,
};
