import fs from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../src/passwords/password-hasher';
import type { Database } from '../src/db/database';
import { type BenchContext, type BenchSection, ms, percentile } from './bench-context';
import { countUsers, seedUsers } from './seed-users';

const APP = 'bench-lifecycle';
const USERS = 100_000;
const EVENTS = 10_000_000;
const CHUNK_USERS = 10_000;
const INGEST_BATCH = 1000;
const INGEST_BATCHES = 40;
/** Batches of distinct users after the first ones: 360,000 events, 3.6 per user of the app. */
const SUSTAINED_BATCHES = 360;
const INGEST_CLIENTS = 2;
const TIMELINE_RUNS = 300;
const SIGN_INS = 120;
const SIGN_IN_CLIENTS = 4;

const TIMELINE = `query($id: ID!, $first: Int, $after: String, $kinds: [ActivityKind!]) {
  user(id: $id) { activity(first: $first, after: $after, kinds: $kinds) { edges { cursor node { id kind name occurredAt } } pageInfo { endCursor } } } }`;

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds used so far by this process (bench client and server)
 * and by the embedded cluster's processes: what a workload costs, whatever
 * else the shared machine is doing. Undefined for the cluster when the bench
 * runs on BENCH_DATABASE_URL.
 */
function cpuMs(): { node: number; postgres: number | undefined } {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1000;
  if (process.env.BENCH_DATABASE_URL) return { node, postgres: undefined };
  try {
    const postmaster = fs
      .readFileSync(path.resolve('.bench', 'postgres', 'postmaster.pid'), 'utf8')
      .split('\n')[0]!
      .trim();
    let ticks = 0;
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[1] is the parent pid; [11] and [12] are the process's user and system ticks, [13] and
      // [14] those of its children that have exited and been reaped. The postmaster's reaped-children
      // ticks keep what a backend or the product's VACUUM connection used after it exits, so the sum
      // only grows; counting live children alone made a delta negative when one exited between samples.
      if (pid === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return { node, postgres: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return { node, postgres: undefined };
  }
}

/** Runs `work` `count` times with `clients` running at once; returns each run's milliseconds. */
async function timed(count: number, clients: number, work: (index: number) => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const index = next++;
        const started = performance.now();
        await work(index);
        timings.push(performance.now() - started);
      }
    }),
  );
  return timings;
}

/**
 * 10M events over 100k users, set-based: per chunk of users one INSERT …
 * SELECT in user order, so the timeline index grows by appends. Times spread
 * over the past year, so all are inside the default retention.
 */
async function seedEvents(context: BenchContext, db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM activity_events WHERE app_id = $1', [APP]);
  if (existing!.n >= EVENTS) {
    context.log(`${existing!.n.toLocaleString('en-US')} events already in ${APP}`);
    return;
  }
  await db.execute('DELETE FROM activity_events WHERE app_id = $1', [APP]);
  const perUser = EVENTS / USERS;
  const started = Date.now();
  for (let offset = 0; offset < USERS; offset += CHUNK_USERS) {
    await db.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO activity_events (app_id, user_id, occurred_at, kind, name, metadata)
         SELECT $1, u.id,
                now() - make_interval(secs => abs(hashint8(u.n * 1000 + e) % (364 * 86400))),
                (ARRAY['PAGE_VIEW', 'PAGE_VIEW', 'PAGE_VIEW', 'FEATURE_USE', 'LOGIN', 'CUSTOM'])[1 + abs(hashint8(u.n * 7 + e) % 6)],
                '/page/' || abs(hashint8(e) % 500),
                CASE WHEN e % 10 = 0 THEN jsonb_build_object('ref', 'campaign-' || e % 7) END
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE app_id = $1 ORDER BY id OFFSET $2 LIMIT $3) AS u,
                generate_series(1, $4) AS e
          ORDER BY u.id`,
        [APP, offset, CHUNK_USERS, perUser],
      );
    });
    context.log(
      `seeded events for ${(offset + CHUNK_USERS).toLocaleString('en-US')} of ${USERS.toLocaleString('en-US')} users (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  await db.execute('VACUUM ANALYZE activity_events');
}

export const lifecycleSection: BenchSection = {
  name: 'lifecycle',
  description: 'activity ingest, the timeline at 10M events, verifyCredentials beside Argon2id alone',
  async run(context) {
    const { db } = context;
    if ((await countUsers(db, APP)) < USERS) {
      await seedUsers(db, APP, USERS, { chunk: 50_000, log: context.log });
    }
    await seedEvents(context, db);
    const [{ total }] = (await db.query<{ total: number }>('SELECT count(*)::int AS total FROM activity_events')) as [{ total: number }];
    const userIds = (await db.query<{ id: string }>('SELECT id FROM users WHERE app_id = $1 ORDER BY id', [APP])).map((row) => row.id);
    const server = await context.startServer();
    const admin = await context.token(APP, 'admin');
    const service = await context.token(APP, 'service');
    const pick = (index: number) => userIds[(index * 7919) % userIds.length]!;

    // Timeline: first pages, next pages by cursor, and a kind filter.
    context.log('timeline queries');
    await timed(30, 2, (index) => graphql(server.url, admin, TIMELINE, { id: pick(index + 5000), first: 50 }));
    const cursors: Array<[string, string]> = [];
    const firstPages = await timed(TIMELINE_RUNS, 1, async (index) => {
      const data = await graphql(server.url, admin, TIMELINE, { id: pick(index), first: 50 });
      cursors.push([pick(index), data.user.activity.pageInfo.endCursor]);
    });
    const nextPages = await timed(TIMELINE_RUNS, 1, (index) =>
      graphql(server.url, admin, TIMELINE, { id: cursors[index]![0], first: 50, after: cursors[index]![1] }),
    );
    const kindPages = await timed(TIMELINE_RUNS, 1, (index) => graphql(server.url, admin, TIMELINE, { id: pick(index + 1000), first: 50, kinds: ['LOGIN'] }));
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
       SELECT id, kind, name, occurred_at, metadata FROM activity_events
        WHERE user_id = $1 AND app_id = $2 AND occurred_at >= now() - interval '365 days'
        ORDER BY occurred_at DESC, id DESC LIMIT 51`,
      [pick(3), APP],
    );

    // Ingest: batches of 1,000 through GraphQL, two clients at once (two cores). Each event
    // moves its user's lastAccessAt, so the number of distinct users in a batch decides
    // how many last-access rows a batch rewrites, and how many timeline index pages it touches.
    context.log('activity ingest');
    const RECORD = `mutation($e: [ActivityInput!]!) { recordActivity(events: $e) }`;
    const payloadsFor = (usersPerBatch: number, offset: number, batches: number) =>
      Array.from({ length: batches }, (_, index) =>
        Array.from({ length: INGEST_BATCH }, (_, event) => ({
          userId: pick(offset + index * usersPerBatch + (event % usersPerBatch)),
          kind: event % 5 === 0 ? 'FEATURE_USE' : 'PAGE_VIEW',
          name: `/bench/${event % 50}`,
          metadata: event % 10 === 0 ? { batch: index } : null,
        })),
      );
    const fullPages = async () => Number((await db.query<{ fpi: string }>('SELECT wal_fpi::text AS fpi FROM pg_stat_wal'))[0]!.fpi);
    const ingestRun = async (label: string, payloads: Array<Array<Record<string, unknown>>>) => {
      const cpuBefore = cpuMs();
      const pagesBefore = await fullPages();
      const started = performance.now();
      const timings = await timed(payloads.length, INGEST_CLIENTS, (index) => graphql(server.url, service, RECORD, { e: payloads[index] }));
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = cpuMs();
      const pagesPerBatch = ((await fullPages()) - pagesBefore) / payloads.length;
      const nodeMs = (cpuAfter.node - cpuBefore.node) / payloads.length;
      const postgresMs =
        cpuAfter.postgres === undefined || cpuBefore.postgres === undefined ? undefined : (cpuAfter.postgres - cpuBefore.postgres) / payloads.length;
      // Two cores fully ours: 2,000 CPU-ms a second over the CPU-ms one batch costs.
      const capacity = postgresMs === undefined ? 'n/a' : Math.round((2000 / (nodeMs + postgresMs)) * INGEST_BATCH).toLocaleString('en-US');
      return [
        label,
        INGEST_CLIENTS,
        payloads.length,
        Math.round((payloads.length * INGEST_BATCH) / seconds).toLocaleString('en-US'),
        ms(percentile(timings, 50)),
        ms(percentile(timings, 95)),
        Math.round(pagesPerBatch).toLocaleString('en-US'),
        `${nodeMs.toFixed(0)} + ${postgresMs === undefined ? '?' : postgresMs.toFixed(0)}`,
        capacity,
        '≥ 20,000 events/s',
      ];
    };
    const few = payloadsFor(50, 20_000, INGEST_BATCHES);
    await timed(4, INGEST_CLIENTS, (index) => graphql(server.url, service, RECORD, { e: few[index] }));
    const ingestRows = [await ingestRun(`50 users × ${INGEST_BATCH / 50} events`, few)];
    // Distinct users: right after a checkpoint each page a batch changes goes whole into the WAL the first
    // time (full_page_writes), so the first batches are the dearest; then a longer run, as a busy app sends them.
    const distinct = payloadsFor(1000, 40_000, INGEST_BATCHES + SUSTAINED_BATCHES);
    await db.execute('CHECKPOINT');
    ingestRows.push(await ingestRun(`1,000 users × 1 event, the first ${INGEST_BATCHES} after a checkpoint`, distinct.slice(0, INGEST_BATCHES)));
    ingestRows.push(await ingestRun(`1,000 users × 1 event, the ${SUSTAINED_BATCHES} after those`, distinct.slice(INGEST_BATCHES)));

    // Sign-in: verifyCredentials beside Argon2id alone.
    context.log('sign-in');
    const password = 'bench password 12345';
    const signInApp = `${APP}-signin-${Date.now()}`;
    const signInAdmin = await context.token(signInApp, 'admin');
    const signInService = await context.token(signInApp, 'service');
    for (let index = 0; index < SIGN_IN_CLIENTS * 2; index += 1) {
      await graphql(
        server.url,
        signInAdmin,
        `
          mutation ($i: CreateUserInput!) {
            createUser(input: $i) {
              id
            }
          }
        `,
        {
          i: { email: `signin${index}@example.com`, password },
        },
      );
    }
    const VERIFY = `mutation($e: String!, $p: String!) { verifyCredentials(email: $e, password: $p) { id } }`;
    await timed(4, 2, (index) => graphql(server.url, signInService, VERIFY, { e: `signin${index}@example.com`, p: password }));
    const signInStarted = performance.now();
    const signIns = await timed(SIGN_INS, SIGN_IN_CLIENTS, (index) =>
      graphql(server.url, signInService, VERIFY, { e: `signin${index % (SIGN_IN_CLIENTS * 2)}@example.com`, p: password }),
    );
    const signInSeconds = (performance.now() - signInStarted) / 1000;
    const stored = await hash(password, ARGON2_OPTIONS);
    const hashAlone = await timed(30, 1, () => verify(stored, password));
    const hashParallelStarted = performance.now();
    await timed(SIGN_INS, SIGN_IN_CLIENTS, () => verify(stored, password));
    const hashParallelSeconds = (performance.now() - hashParallelStarted) / 1000;
    await db.execute(`DELETE FROM audit_log WHERE app_id = $1`, [signInApp]);
    await db.execute(`DELETE FROM activity_events WHERE app_id = $1`, [signInApp]);
    await db.execute(`DELETE FROM users WHERE app_id = $1`, [signInApp]);

    const row = (name: string, timings: number[], target: string) => [name, ms(percentile(timings, 50)), ms(percentile(timings, 95)), target];
    context.report(
      `Activity timeline with ${total.toLocaleString('en-US')} events (${USERS.toLocaleString('en-US')} users, ~100 each), GraphQL over HTTP`,
      ['query (50 per page)', 'p50 ms', 'p95 ms', 'target'],
      [row('first page', firstPages, 'p95 ≤ 20 ms'), row('next page by cursor', nextPages, 'p95 ≤ 20 ms'), row('kinds: [LOGIN]', kindPages, '')],
      [
        `${TIMELINE_RUNS} runs each, one client. The plan of a first page: ${plan
          .map((line) => line['QUERY PLAN'].trim())
          .filter((line) => /^(->|Limit|Index|Execution)/.test(line))
          .join(' · ')}`,
      ],
    );
    context.report(
      'Activity ingest through GraphQL (recordActivity, batches of 1,000)',
      [
        'each batch',
        'clients',
        'batches',
        'events/s',
        'batch p50 ms',
        'batch p95 ms',
        'whole pages into the WAL a batch',
        'CPU ms a batch (Node + Postgres)',
        'events/s on 2 free cores',
        'target',
      ],
      ingestRows,
      [
        'events/s is what the shared machine gave; "on 2 free cores" divides the two cores by the CPU time a batch cost the server and Postgres (the bench client shares the Node process, so it is a floor).',
        "A batch inserts its events and moves each user's lastAccessAt, in one transaction. lastAccessAt lives in a narrow table of its own (user_last_access), so moving it rewrites no users row. What a batch of 1,000 distinct users still costs is the timeline index (user_id, occurred_at): its 1,000 new entries land on about 1,000 different pages of an index larger than shared_buffers, each page read and, the first time after a checkpoint, written whole into the WAL.",
        `The distinct-user batches start right after a CHECKPOINT the bench asks for (a server checkpoints every checkpoint_timeout, 5 minutes by default, or sooner after max_wal_size of WAL): ${INGEST_BATCHES} batches, then ${SUSTAINED_BATCHES} more, which name each of the app's ${USERS.toLocaleString('en-US')} users again (3.6 events each), so by their end few pages are changed for the first time since that checkpoint. "Whole pages into the WAL" is pg_stat_wal.wal_fpi over the batches. On the embedded server, which the bench has just started, the first batches also read the timeline index into a cold shared_buffers.`,
      ],
    );
    context.report(
      'Sign-in (Argon2id: 19 MiB, 2 passes, 1 lane)',
      ['what', 'per second', 'p50 ms', 'p95 ms'],
      [
        [
          `verifyCredentials over HTTP, ${SIGN_IN_CLIENTS} clients`,
          (SIGN_INS / signInSeconds).toFixed(1),
          ms(percentile(signIns, 50)),
          ms(percentile(signIns, 95)),
        ],
        [`Argon2id verify alone, ${SIGN_IN_CLIENTS} at once`, (SIGN_INS / hashParallelSeconds).toFixed(1), '', ''],
        ['Argon2id verify alone, one at a time', (1000 / percentile(hashAlone, 50)).toFixed(1), ms(percentile(hashAlone, 50)), ms(percentile(hashAlone, 95))],
      ],
      [
        'Argon2id is meant to cost: it bounds sign-ins per core. A sign-in also runs one short transaction (lookup, LOGIN event, lastAccessAt) and waits for its commit to reach the disk; that is the gap between the first two rows.',
      ],
    );
  },
};
