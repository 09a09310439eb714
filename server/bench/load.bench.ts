import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { graphql, ms, ok, percentile, type BenchContext, type BenchSection } from './bench-context';
import { importFile, startChild } from './csv.bench';
import { BENCH_FIRST_NAMES, BENCH_LAST_NAMES, countUsers } from './seed-users';

/**
 * Many tenants at once, some of them hostile: eight clients read and write
 * over two apps while ten uploads trickle a byte every two seconds and ten
 * exports are never read; then the same while a large import runs, with
 * /healthz timed throughout.
 */

const APP_USERS = 50_000;
const APPS = ['bench-load-a', 'bench-load-b'];
const IMPORT_APP = 'bench-load-import';
const IMPORT_ROWS = 200_000;
const SECONDS = 30;
const SLOW = 10;

const PAGE = `query($filter: UserFilter) { users(filter: $filter, first: 50) { edges { node { id email name status tagCount tags { name } } } } }`;
/** What the element asks for most: the first page, a status tab, a name search, a tag filter (its ids filled in at start). */
const READ_FILTERS: Array<Record<string, unknown>> = [
  {},
  { status: 'BANNED' },
  { search: 'hopper' },
  { search: 'ada turing' },
  { status: 'ACTIVE', tags: { all: [] } },
];

/** Users named as the users bench names them, one in twenty banned, each in one of ten groups. */
async function writeUsers(file: string, prefix: string, count: number): Promise<void> {
  const lines = ['email,name,status,tags'];
  for (let n = 1; n <= count; n += 1) {
    const name = `${BENCH_FIRST_NAMES[n % BENCH_FIRST_NAMES.length]} ${BENCH_LAST_NAMES[(n >> 3) % BENCH_LAST_NAMES.length]}`;
    lines.push(`${prefix}${n}@load.example,${name},${n % 20 === 0 ? 'BANNED' : 'ACTIVE'},group-${n % 10}`);
  }
  await fs.promises.writeFile(file, `${lines.join('\n')}\n`);
}

interface Timed {
  kind: 'read' | 'write';
  /** What was asked: a page and its filter, the counts, a profile, a ban, a tag. */
  what: string;
  ms: number;
  error?: string;
}

/** One client: reads (pages, counts, a profile) and, for managers and admins, a write every few requests, until stopped. */
function client(url: string, token: string, role: string, ids: string[], tagId: string, filters: Array<Record<string, unknown>>, seed: number) {
  const timings: Timed[] = [];
  let running = true;
  const loop = (async () => {
    for (let index = seed; running; index += 1) {
      const write = role !== 'viewer' && index % 4 === 0;
      const userId = ids[(index * 7919) % ids.length]!;
      const filter = filters[index % filters.length]!;
      const what = write
        ? role === 'manager'
          ? 'setUserStatus'
          : 'addTagsToUsers'
        : index % 5 === 4
          ? 'user'
          : index % 5 === 3
            ? 'userCounts'
            : `page ${filter.tags ? 'ACTIVE + tag' : JSON.stringify(filter)}`;
      const [query, variables]: [string, Record<string, unknown>] = write
        ? role === 'manager'
          ? index % 8 === 0
            ? [`mutation($id: ID!) { setUserStatus(id: $id, status: BANNED, reason: "load") { id } }`, { id: userId }]
            : [`mutation($id: ID!) { setUserStatus(id: $id, status: ACTIVE) { id } }`, { id: userId }]
          : [`mutation($ids: [ID!]!, $tags: [ID!]!) { addTagsToUsers(userIds: $ids, tagIds: $tags) }`, { ids: [userId], tags: [tagId] }]
        : index % 5 === 4
          ? [`query($id: ID!) { user(id: $id) { id email profile tags { name } } }`, { id: userId }]
          : index % 5 === 3
            ? [`{ userCounts { all active banned } }`, {}]
            : [PAGE, { filter }];
      const began = performance.now();
      try {
        const body = await graphql(url, token, query, variables);
        timings.push({
          kind: write ? 'write' : 'read',
          what,
          ms: performance.now() - began,
          ...(body.errors ? { error: JSON.stringify(body.errors).slice(0, 200) } : {}),
        });
      } catch (error) {
        timings.push({ kind: write ? 'write' : 'read', what, ms: performance.now() - began, error: String(error) });
      }
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

/** Deletes every user of the token's app through a bulk job, confirmed with the count the server gives. */
async function deleteEveryUser(url: string, token: string): Promise<void> {
  const START = `mutation($input: BulkJobInput!) { startBulkJob(input: $input) { id } }`;
  // An empty app starts a job with nothing to do; any other answers CONFLICT with its count.
  const first = await graphql(url, token, START, { input: { action: 'DELETE', filter: {}, expectedCount: 0 } });
  const count = first.errors?.[0]?.extensions?.count as number | undefined;
  if (first.errors && count === undefined) throw new Error(`expected a CONFLICT with the count: ${JSON.stringify(first)}`);
  const { startBulkJob } = count === undefined ? first.data! : await ok(url, token, START, { input: { action: 'DELETE', filter: {}, expectedCount: count } });
  for (;;) {
    const { bulkJob } = await ok(url, token, `query($id: ID!) { bulkJob(id: $id) { status message } }`, { id: startBulkJob.id });
    if (bulkJob.status === 'SUCCEEDED') return;
    if (bulkJob.status === 'FAILED') throw new Error(`the bulk delete failed: ${bulkJob.message}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** /healthz every 50 ms until stopped. */
function healthWatch(url: string) {
  const timings: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const began = performance.now();
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      timings.push(performance.now() - began);
      if (response?.status !== 200) failures += 1;
      await response?.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { timings, failures };
    },
  };
}

/**
 * The hostile transfers: uploads sending one byte every two seconds and
 * exports whose client never reads. Each is answered at once when no slot
 * is left (503 for the server, 429 for the app), or holds its slot.
 */
function hostileTransfers(url: string, tokens: string[]) {
  const outcomes: string[] = [];
  const requests: http.ClientRequest[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let index = 0; index < SLOW; index += 1) {
    const token = tokens[index % tokens.length]!;
    const upload = http.request(`${url}/csv/import?mode=dry-run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    upload.on('response', (response) => {
      outcomes.push(`upload ${response.statusCode}`);
      response.resume();
    });
    upload.on('error', () => outcomes.push('upload cut off'));
    upload.write('email\n');
    timers.push(setInterval(() => upload.write('a'), 2_000));
    requests.push(upload);

    const exported = http.get(`${url}/csv/export`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      outcomes.push(`export ${response.statusCode}`);
      // Never read: the server's socket buffer fills and its COPY waits.
      response.pause();
    });
    exported.on('error', () => outcomes.push('export cut off'));
    requests.push(exported);
  }
  return {
    outcomes,
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      for (const request of requests) request.destroy();
    },
  };
}

/** The p95 of each kind of request, slowest first: where a tail comes from. */
function split(label: string, timings: Timed[]): string {
  const kinds = new Map<string, number[]>();
  for (const timing of timings) kinds.set(timing.what, [...(kinds.get(timing.what) ?? []), timing.ms]);
  const p95s = [...kinds.entries()].map(([what, values]) => [what, percentile(values, 95)] as const).sort((a, b) => b[1] - a[1]);
  return `${label}, p95 by request: ${p95s.map(([what, p95]) => `${what} ${ms(p95)}`).join(', ')}.`;
}

function summary(label: string, timings: Timed[], seconds: number, health?: { timings: number[]; failures: number }): Array<string | number> {
  splits.push(split(label, timings));
  const reads = timings.filter((timing) => timing.kind === 'read').map((timing) => timing.ms);
  const writes = timings.filter((timing) => timing.kind === 'write').map((timing) => timing.ms);
  const errors = timings.filter((timing) => timing.error);
  return [
    label,
    timings.length.toLocaleString('en-US'),
    Math.round(timings.length / seconds),
    errors.length + (errors[0] ? ` (${errors[0].error})` : ''),
    `${ms(percentile(reads, 50))} / ${ms(percentile(reads, 95))}`,
    writes.length > 0 ? `${ms(percentile(writes, 50))} / ${ms(percentile(writes, 95))}` : '—',
    health ? `${ms(percentile(health.timings, 95))} (${health.failures} failed)` : '—',
  ];
}

const splits: string[] = [];

async function run(context: BenchContext): Promise<void> {
  const { child, url } = await startChild(context.databaseUrl);
  const rows: Array<Array<string | number>> = [];
  const notes: string[] = [];
  try {
    const apps: Array<{ ids: string[]; tagId: string; filters: Array<Record<string, unknown>>; tokens: Record<string, string> }> = [];
    for (const appId of APPS) {
      const admin = await context.token(appId, 'admin');
      if ((await countUsers(context.db, appId)) !== APP_USERS) {
        context.log(`importing ${APP_USERS.toLocaleString('en-US')} users into ${appId}`);
        const file = path.join(os.tmpdir(), `um-bench-${appId}.csv`);
        await writeUsers(file, appId, APP_USERS);
        const { job } = await importFile(url, admin, file);
        fs.rmSync(file, { force: true });
        if (job.status !== 'SUCCEEDED') throw new Error(`the import failed: ${JSON.stringify(job)}`);
      }
      const { users } = await ok(url, admin, `{ users(first: 500) { edges { node { id } } } }`);
      const tags = (await ok(url, admin, `{ tags { id name } }`)).tags as Array<{ id: string; name: string }>;
      const tagId =
        tags.find((tag) => tag.name === 'load')?.id ?? (await ok(url, admin, `mutation { createTag(input: { name: "load" }) { id } }`)).createTag.id;
      const tokens: Record<string, string> = {};
      for (const role of ['viewer', 'manager', 'admin']) tokens[role] = await context.token(appId, role as 'viewer');
      const group = tags.find((tag) => tag.name === 'group-3')!.id;
      const filters = READ_FILTERS.map((filter) => (filter.tags ? { ...filter, tags: { all: [group] } } : filter));
      apps.push({ ids: (users.edges as Array<{ node: { id: string } }>).map((edge) => edge.node.id), tagId, filters, tokens });
    }
    const startClients = () =>
      apps.flatMap((app, appIndex) =>
        ['viewer', 'viewer', 'manager', 'admin'].map((role, index) =>
          client(url, app.tokens[role]!, role, app.ids, app.tagId, app.filters, appIndex * 100 + index),
        ),
      );

    context.log(`8 clients over two apps for ${SECONDS} s, alone`);
    let clients = startClients();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    rows.push(summary('8 clients alone', (await Promise.all(clients.map((c) => c.stop()))).flat(), SECONDS));

    context.log(`8 clients for ${SECONDS} s with ${SLOW} slow uploads and ${SLOW} unread exports open`);
    const hostile = hostileTransfers(
      url,
      apps.map((app) => app.tokens.admin!),
    );
    clients = startClients();
    const health = healthWatch(url);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    rows.push(
      summary(
        `8 clients + ${SLOW} slow uploads + ${SLOW} unread exports`,
        (await Promise.all(clients.map((c) => c.stop()))).flat(),
        SECONDS,
        await health.stop(),
      ),
    );
    hostile.stop();
    const counted = new Map<string, number>();
    for (const outcome of hostile.outcomes) counted.set(outcome, (counted.get(outcome) ?? 0) + 1);
    notes.push(
      `The ${SLOW * 2} hostile transfers were answered: ${[...counted.entries()].map(([outcome, count]) => `${count} × ${outcome}`).join(', ')} (CSV_MAX_CONCURRENT 4 per server, 2 per app; the rest held their slots until the idle timeout or the end).`,
    );

    // A large import into a third app: first with one reader of the others, then under the eight clients.
    const importToken = await context.token(IMPORT_APP, 'admin');
    const file = path.join(os.tmpdir(), `um-bench-${IMPORT_APP}.csv`);
    await writeUsers(file, 'import', IMPORT_ROWS);
    for (const withClients of [false, true]) {
      // Each run imports new users: the app is emptied first, as an admin would (a bulk delete; not timed).
      await deleteEveryUser(url, importToken);
      const label = withClients
        ? `8 clients during a ${IMPORT_ROWS.toLocaleString('en-US')}-row import`
        : `1 reader during a ${IMPORT_ROWS.toLocaleString('en-US')}-row import`;
      context.log(label);
      clients = withClients ? startClients() : [client(url, apps[0]!.tokens.viewer!, 'viewer', apps[0]!.ids, apps[0]!.tagId, apps[0]!.filters, 0)];
      const importHealth = healthWatch(url);
      const began = performance.now();
      const { job } = await importFile(url, importToken, file);
      const seconds = (performance.now() - began) / 1000;
      rows.push(summary(label, (await Promise.all(clients.map((c) => c.stop()))).flat(), seconds, await importHealth.stop()));
      notes.push(`${label}: ${String(job.status)}, ${Number(job.created).toLocaleString('en-US')} created in ${seconds.toFixed(1)} s.`);
    }
    fs.rmSync(file, { force: true });
  } finally {
    child.kill();
  }
  context.report(
    'Many tenants at once (server as a child process, production mode)',
    ['load', 'requests', 'per second', 'errors', 'read p50 / p95 ms', 'write p50 / p95 ms', '/healthz p95 ms'],
    rows,
    [
      'Targets: 0 errors; read p95 ≤ 100 ms with the hostile transfers open; /healthz p95 ≤ 100 ms during an import; 8 clients during a 200,000-row import p95 ≤ 250 ms (a target of the performance work that follows).',
      `Per app: two viewers reading, a manager banning and unbanning one user in four requests, an admin tagging one user in four; reads are pages of 50 with tags (first page, BANNED, search "hopper", search "ada turing", ACTIVE with one tag of ten), the status counts and profiles; ${APP_USERS.toLocaleString('en-US')} users per app, imported through POST /csv/import.`,
      ...notes,
      ...splits,
      `${os.cpus().length} cores.`,
    ],
  );
}

export const loadBench: BenchSection = {
  name: 'load',
  description: 'eight clients over two apps, alone, with ten slow uploads and ten unread exports open, and during a 200,000-row import',
  run,
};
