import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { BENCH_RESET_URL, BENCH_SECRET, ms, percentile, type BenchContext, type BenchSection } from './bench-context';
import { BENCH_FIRST_NAMES, BENCH_LAST_NAMES, BENCH_TAGS, countUsers, seedUsers } from './seed-users';

const APP = 'bench-csv';
const USERS = 1_000_000;
const ROWS = 1_000_000;
const PLANS = ['Free', 'Pro', 'Enterprise'];
/** The server as `npm start` runs it (`npm run bench` builds it first). */
const MAIN = require.resolve('@user-manager/server');
/** How long the server sits idle before the second export: V8's memory reducer collects start-up's garbage after about 8 s. */
const EXPORT_SETTLE_MS = 10_000;

/** docs/performance.md's database-only figures for the same work (1M rows into a table of 1.1M). */
const PERF = {
  new: '21.8k rows/s',
  changed: '14.5k rows/s',
  unchanged: '79k rows/s',
  export: '~200k rows/s (COPY TO, tag names joined)',
};

interface Sampled {
  seconds: number;
  peakRssMb: number;
  healthz: number[];
}

/** The server as a child process, so its RSS is its own and not the bench's. */
export async function startChild(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: BENCH_SECRET,
      RESET_URL: BENCH_RESET_URL,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const match = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return { child, url };
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Restarts the kernel's count of the process's peak RSS (VmHWM), which sees
 * the short peaks that sampling misses; false where that is not allowed.
 */
function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` while watching the server's peak RSS (the kernel's, else sampled every 100 ms) and timing /healthz every 250 ms. */
async function sampled(url: string, pid: number, work: () => Promise<void>): Promise<Sampled> {
  const kernelPeak = resetPeakRss(pid);
  let peak = rssMb(pid);
  const healthz: number[] = [];
  let running = true;
  const rssTimer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 100);
  const probe = (async () => {
    while (running) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${url}/healthz`);
      await response.text();
      healthz.push(Number(process.hrtime.bigint() - started) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const started = Date.now();
  try {
    await work();
  } finally {
    running = false;
    clearInterval(rssTimer);
    await probe;
  }
  if (kernelPeak) peak = Math.max(peak, rssMb(pid, 'VmHWM'));
  return { seconds: (Date.now() - started) / 1000, peakRssMb: peak, healthz };
}

/** Writes the import file: `changed` gives every row another name, plan, seat count, status and one more tag. */
async function writeFile(file: string, changed: boolean): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('email,name,status,tags,signed_up_at,company,plan,seats\n');
  let lines = '';
  for (let n = 1; n <= ROWS; n += 1) {
    const name = `${BENCH_FIRST_NAMES[n % BENCH_FIRST_NAMES.length]} ${BENCH_LAST_NAMES[(n >> 3) % BENCH_LAST_NAMES.length]}${changed ? ' Jr' : ''}`;
    const banned = (n % 20 === 0) !== changed;
    const tags = [BENCH_TAGS.bucket(n % 40), n % 2 === 0 ? BENCH_TAGS.half : '', changed ? 'imported' : ''].filter(Boolean).join(';');
    const day = String(1 + (n % 28)).padStart(2, '0');
    lines += `n${n}@example.com,${name},${banned ? 'BANNED' : 'ACTIVE'},${tags},2024-02-${day}T${String(n % 24).padStart(2, '0')}:00:00Z,"Company ${n % 5000}, Inc",${PLANS[(n + (changed ? 1 : 0)) % 3]},${1 + (n % 200) + (changed ? 1 : 0)}\n`;
    if (lines.length > 1 << 20) {
      if (!out.write(lines)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines = '';
    }
  }
  out.end(lines);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/**
 * POST /csv/import streaming the file, then poll the job until it ends. A
 * poll answered without data throws, unless `onPollError` is given: then it
 * is handed the answer, and the poll tries again after Retry-After (a bench
 * timing clients beside the import counts it among their errors and keeps
 * its report).
 */
export async function importFile(
  url: string,
  token: string,
  file: string,
  onPollError?: (answer: string) => void,
): Promise<{ job: Record<string, unknown>; uploadSeconds: number }> {
  const began = Date.now();
  const posted = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      `${url}/csv/import?mode=upsert`,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': fs.statSync(file).size } },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      },
    );
    request.on('error', reject);
    fs.createReadStream(file).pipe(request);
  });
  if (posted.status !== 202) throw new Error(`import answered ${posted.status}: ${posted.body}`);
  const { jobId } = JSON.parse(posted.body) as { jobId: string };
  const uploadSeconds = (Date.now() - began) / 1000;
  for (;;) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ importJob(id: "${jobId}") { status processedRows created updated unchanged failed message } }` }),
    });
    const answer = (await response.json()) as { data?: { importJob: Record<string, unknown> }; errors?: unknown };
    // The job's state or why it could not be read (the 10M run lost its report to a poll answered without data).
    if (!answer.data) {
      const said = `importJob answered ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`;
      if (!onPollError) throw new Error(said);
      onPollError(said);
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      continue;
    }
    const job = answer.data.importJob;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return { job, uploadSeconds };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function exportAll(url: string, token: string): Promise<{ rows: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/csv/export`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        let bytes = 0;
        let rows = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) rows += 1;
        });
        response.on('end', () =>
          response.statusCode === 200 ? resolve({ rows: rows - 1, bytes }) : reject(new Error(`export answered ${response.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

/** The database alone: COPY of the same file into an unlogged table of text columns. */
async function rawCopyIn(databaseUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `CREATE UNLOGGED TABLE IF NOT EXISTS bench_csv_raw (email text, name text, status text, tags text, signed_up_at text, company text, plan text, seats text)`,
    );
    await client.query('TRUNCATE bench_csv_raw');
    const started = Date.now();
    await pipeline(fs.createReadStream(file), client.query(copyFrom('COPY bench_csv_raw FROM STDIN WITH (FORMAT csv, HEADER true)')));
    const seconds = (Date.now() - started) / 1000;
    await client.query('DROP TABLE bench_csv_raw');
    return seconds;
  } finally {
    await client.end();
  }
}

/** The database alone: COPY TO of the app's users with nothing joined or escaped. */
async function rawCopyOut(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    const stream = client.query(copyTo(`COPY (SELECT * FROM users WHERE app_id = '${APP}') TO STDOUT WITH (FORMAT csv)`));
    stream.resume();
    await new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds / 100) / 10}k rows/s`;
const health = (timings: number[]) => `${ms(percentile(timings, 50))} / ${ms(percentile(timings, 95))} / ${ms(Math.max(...timings))} (${timings.length})`;

async function prepare(context: BenchContext): Promise<void> {
  const { db } = context;
  // A run stopped half way leaves imported users and open jobs: start from the seeded app again.
  await db.execute(`UPDATE import_jobs SET status = 'FAILED', message = 'bench reset' WHERE app_id = $1 AND status IN ('QUEUED', 'RUNNING')`, [APP]);
  const leftovers = await db.execute(`DELETE FROM users WHERE app_id = $1 AND email LIKE 'n%'`, [APP]);
  if (leftovers > 0) {
    context.log(`removed ${leftovers.toLocaleString('en-US')} users a previous run imported; VACUUM users`);
    // Each run starts from a table at rest, not one carrying the last run's million dead rows.
    await db.execute('VACUUM ANALYZE users');
  }
  if ((await countUsers(db, APP)) < USERS) {
    context.log(`seeding ${USERS.toLocaleString('en-US')} users into ${APP} (once; the bench database is kept)`);
    await db.execute('DELETE FROM users WHERE app_id = $1', [APP]);
    await seedUsers(db, APP, USERS, { log: context.log });
  }
  await db.execute(
    `INSERT INTO profile_fields (app_id, key, label, type, options, position)
     VALUES ($1, 'company', 'Company', 'TEXT', NULL, 0), ($1, 'plan', 'Plan', 'SELECT', $2, 1), ($1, 'seats', 'Seats', 'NUMBER', NULL, 2)
     ON CONFLICT (app_id, key) DO NOTHING`,
    [APP, PLANS],
  );
  await db.execute(`DELETE FROM tags WHERE app_id = $1 AND name = 'imported'`, [APP]);
  context.log('VACUUM ANALYZE users');
  await db.execute('VACUUM ANALYZE users');
}

async function run(context: BenchContext): Promise<void> {
  await prepare(context);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-csv-'));
  const original = path.join(dir, 'new.csv');
  const changed = path.join(dir, 'changed.csv');
  context.log('writing the 1,000,000-row files');
  await writeFile(original, false);
  await writeFile(changed, true);
  const megabytes = (file: string) => `${Math.round(fs.statSync(file).size / 1e6)} MB`;

  let { child, url } = await startChild(context.databaseUrl);
  let pid = child.pid!;
  const token = await context.token(APP);
  const idleRss = rssMb(pid);
  const load = () =>
    os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  const rows: Array<Array<string | number>> = [];
  const notes: string[] = [];
  try {
    const runs: Array<[string, string, keyof typeof PERF, string]> = [
      ['import, all new (1M into 1M)', original, 'new', 'created'],
      ['import, every row changed', changed, 'changed', 'updated'],
      ['import, identical file again', changed, 'unchanged', 'unchanged'],
    ];
    for (const [title, file, perf, counter] of runs) {
      context.log(`${title} (load ${load()})`);
      let job: Record<string, unknown> = {};
      let uploadSeconds = 0;
      const result = await sampled(url, pid, async () => {
        ({ job, uploadSeconds } = await importFile(url, token, file));
      });
      if (job.status !== 'SUCCEEDED' || job[counter] !== ROWS) throw new Error(`${title}: unexpected job ${JSON.stringify(job)}`);
      const raw = await rawCopyIn(context.databaseUrl, file);
      rows.push([
        title,
        `${ROWS.toLocaleString('en-US')} (${megabytes(file)})`,
        `${result.seconds.toFixed(1)} s`,
        rate(ROWS, result.seconds),
        `${Math.round(result.peakRssMb)} MB`,
        health(result.healthz),
        rate(ROWS, raw),
        PERF[perf],
      ]);
      notes.push(`${title}: upload (stored and checked, until the 202) ${uploadSeconds.toFixed(1)} s; load average after it ${load()}`);
    }

    // The export's memory is its own: a fresh server, not one grown by three imports. Measured twice:
    // at once, with start-up's garbage still in the heap, and after the server sat idle long enough for
    // V8 to collect it (as a running server is when someone exports).
    for (const settleMs of [0, EXPORT_SETTLE_MS]) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      ({ child, url } = await startChild(context.databaseUrl));
      pid = child.pid!;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const before = rssMb(pid);
      context.log(`export of every user${settleMs ? `, server idle ${settleMs / 1000} s first` : ', server just started'} (load ${load()})`);
      let exported = { rows: 0, bytes: 0 };
      const result = await sampled(url, pid, async () => {
        exported = await exportAll(url, token);
      });
      const raw = await rawCopyOut(context.databaseUrl);
      rows.push([
        settleMs ? `export with tag names, server idle ${settleMs / 1000} s first` : 'export with tag names, server just started',
        `${exported.rows.toLocaleString('en-US')} (${Math.round(exported.bytes / 1e6)} MB)`,
        `${result.seconds.toFixed(1)} s`,
        rate(exported.rows, result.seconds),
        `${Math.round(result.peakRssMb)} MB`,
        health(result.healthz),
        `${rate(exported.rows, raw)} (no tags, no escaping)`,
        PERF.export,
      ]);
      notes.push(`export${settleMs ? ` after ${settleMs / 1000} s idle` : ' at once'}: server RSS ${Math.round(before)} MB when it began`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }

  context.report(
    'CSV import and export (server as a child process; end to end over HTTP)',
    [
      'run',
      'rows',
      'time',
      'rate',
      'peak server RSS',
      '/healthz p50 / p95 / max ms (samples)',
      'raw COPY of the same data',
      'docs/performance.md, database only',
    ],
    rows,
    [
      `Targets: import ≥ 20k rows/s all new, ≥ 12k changed, ≥ 60k unchanged, RSS ≤ 300 MB; export ≥ 150k rows/s, RSS ≤ 150 MB; /healthz < 100 ms.`,
      `The app held ${USERS.toLocaleString('en-US')} users before the first import; times run from the first byte uploaded to the job's end.`,
      `Server RSS idle before the imports: ${Math.round(idleRss)} MB; each export runs on a freshly started server. ${os.cpus().length} cores.`,
      ...notes,
    ],
  );
}

export const csvBench: BenchSection = {
  name: 'csv',
  description: '1M-row CSV imports (new, changed, identical) into an app of 1M users, and the export of all 2M',
  run,
};
