import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config/config';
import { startServer } from '../src/server';
import { BENCH_SECRET, ms, percentile, type BenchContext, type BenchSection } from './bench-context';
import { countUsers, seedUsers } from './seed-users';

// The functions below run inside Chromium (page.evaluate); the server's lib has no DOM, so its few globals are named here.
declare const document: any;
declare const customElements: any;
declare const requestAnimationFrame: any;

/** An app of its own so the widget figures do not depend on the users section having run. */
const APP = 'bench-widget';
const USERS = 100_000;
/** The users section's app, measured too when it holds its million. */
const LARGE_APP = 'bench';
const LARGE_USERS = 1_000_000;
const LOAD_RUNS = 15;
const RENDER_RUNS = 20;
const WARMUP = 2;
const TARGET_FIRST_ROWS_MS = 500;
const TARGET_RENDER_MS = 100;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The fields of the widget's table rows (the UserRow fragment). */
const ROWS_QUERY = `query Rows($first: Int, $after: String) {
  users(first: $first, after: $after) {
    edges { node { id email name status signedUpAt lastAccessAt bannedAt banReason tagCount profile tags { id name color } } }
    pageInfo { endCursor }
  }
}`;

/** What the element asks for on its first load, each as it sends it. */
const FIRST_LOAD_QUERIES: Array<[string, string]> = [
  [
    'UserPage (50 rows)',
    ROWS_QUERY.replace('query Rows($first: Int, $after: String)', 'query').replace('users(first: $first, after: $after)', 'users(first: 50)'),
  ],
  ['UserCounts', '{ userCounts { all active banned estimated } }'],
  ['Tags', '{ tags { id name color userCount } }'],
  ['ProfileFields', '{ profileFields { id key label type options } }'],
];

interface Timing {
  p50: number;
  p95: number;
}

const summary = (values: number[]): Timing => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
const pair = (timing: Timing) => `${ms(timing.p50)} / ${ms(timing.p95)}`;

/**
 * Opens the demo page and returns, from the page's own clock (ms since
 * navigation start): when the bundle (the entry and its chunk) had arrived, when the first GraphQL
 * answer had, and the first animation frame showing rows.
 */
async function loadDemoPage(page: Page, url: string): Promise<{ bundle: number; firstAsk: number; firstAnswer: number; firstRows: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const table = document.querySelector('user-manager')?.shadowRoot?.querySelector('um-user-table')?.shadowRoot;
      return table?.querySelector('[role="row"][data-id]') ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const firstRows = (await handle.jsonValue()) as number;
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry: any) => ({ name: entry.name as string, start: entry.startTime as number, end: entry.responseEnd as number })),
  );
  const answers = entries.filter((entry) => entry.name.endsWith('/graphql'));
  // The element's first load: its entry and the chunk the entry imports.
  const bundle = Math.max(...entries.filter((entry) => /\/widget\/(user-manager|chunk-\w+)\.js$/.test(entry.name)).map((entry) => entry.end));
  const firstAsk = Math.min(...answers.map((entry) => entry.start));
  const firstAnswer = Math.min(...answers.map((entry) => entry.end));
  return { bundle, firstAsk, firstAnswer, firstRows };
}

async function measureFirstRows(browser: Browser, url: string, cache: 'cold' | 'warm') {
  const samples: Array<{ bundle: number; firstAsk: number; firstAnswer: number; firstRows: number }> = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    for (let run = 0; run < WARMUP + LOAD_RUNS; run += 1) {
      // Cold: a fresh browser profile each time (bundle downloaded and compiled); warm: the same one (bundle revalidated by ETag).
      const page = cache === 'cold' ? await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage() : await context.newPage();
      const sample = await loadDemoPage(page, url);
      if (run >= WARMUP) samples.push(sample);
      if (cache === 'cold') await page.context().close();
      else await page.close();
    }
  } finally {
    await context.close();
  }
  return {
    bundle: summary(samples.map((sample) => sample.bundle)),
    firstAsk: summary(samples.map((sample) => sample.firstAsk)),
    firstAnswer: summary(samples.map((sample) => sample.firstAnswer)),
    firstRows: summary(samples.map((sample) => sample.firstRows)),
  };
}

/**
 * Renders a page of 500 rows into the table component, from empty, as the
 * element does when a page arrives: the Lit update alone, and with style and
 * layout forced (what the browser must do before it can paint).
 */
async function measureRender(
  browser: Browser,
  url: string,
  token: string,
  graphqlUrl: string,
  extraColumns = false,
): Promise<{ update: Timing; layout: Timing }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('um-user-table') !== undefined);
    const timings = await page.evaluate(
      async ({ query, token, graphqlUrl, runs, warmup, extraColumns }) => {
        const fetchPage = async (after: string | null) => {
          const response = await fetch(graphqlUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables: { first: 500, after } }),
          });
          const body = (await response.json()) as any;
          return body.data.users as { edges: Array<{ node: unknown }>; pageInfo: { endCursor: string } };
        };
        const first = await fetchPage(null);
        const second = await fetchPage(first.pageInfo.endCursor);
        const pages = [first.edges.map((edge) => edge.node), second.edges.map((edge) => edge.node)];
        const table = document.createElement('um-user-table') as { rows: unknown[]; updateComplete: Promise<boolean>; offsetHeight: number; shadowRoot: any };
        document.body.append(table);
        await table.updateComplete;
        if (extraColumns) {
          // The default columns and four more: the seeded profile fields and the tag names (see state/columns for the widths).
          const shown = (table as unknown as { columns: unknown[] }).columns;
          (table as unknown as { columns: unknown[] }).columns = [
            ...shown,
            { id: 'company', label: 'Company', field: { type: 'TEXT' }, width: 'minmax(110px, 1fr)' },
            { id: 'plan', label: 'Plan', field: { type: 'SELECT' }, width: 'minmax(90px, 0.8fr)' },
            { id: 'seats', label: 'Seats', field: { type: 'NUMBER' }, width: '96px' },
            { id: 'tags', label: 'Tags', width: 'minmax(120px, 1.2fr)' },
          ];
        }
        const update: number[] = [];
        const layout: number[] = [];
        for (let run = 0; run < warmup + runs; run += 1) {
          table.rows = [];
          await table.updateComplete;
          void table.offsetHeight;
          await new Promise(requestAnimationFrame);
          const started = performance.now();
          table.rows = pages[run % 2]!;
          await table.updateComplete;
          const updated = performance.now();
          void table.offsetHeight;
          const laidOut = performance.now();
          if (run >= warmup) {
            update.push(updated - started);
            layout.push(laidOut - started);
          }
        }
        return { update, layout, rows: table.shadowRoot!.querySelectorAll('[role="row"][data-id]').length };
      },
      { query: ROWS_QUERY, token, graphqlUrl, runs: RENDER_RUNS, warmup: WARMUP, extraColumns },
    );
    if (timings.rows !== 500) throw new Error(`expected 500 rendered rows, got ${timings.rows}`);
    return { update: summary(timings.update), layout: summary(timings.layout) };
  } finally {
    await page.context().close();
  }
}

/** Each first-load operation alone, from Node: the server's share of the time to first rows. */
async function measureOperations(url: string, token: string): Promise<Array<[string, Timing]>> {
  const results: Array<[string, Timing]> = [];
  for (const [name, query] of FIRST_LOAD_QUERIES) {
    const timings: number[] = [];
    for (let run = 0; run < WARMUP + LOAD_RUNS; run += 1) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      if (run >= WARMUP) timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    results.push([name, summary(timings)]);
  }
  return results;
}

/**
 * Saves (or finds) a view of active Pro users by name with four more
 * columns, and gives the query string url-state writes for it.
 */
async function savedViewLink(url: string, token: string): Promise<string> {
  const call = async (query: string, variables: object = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const columns = ['name', 'email', 'company', 'plan', 'seats', 'tags', 'last-access'];
  const existing = (await call('{ savedViews { id name } }')).savedViews.find((view: { name: string }) => view.name === 'Active Pro');
  const id =
    existing?.id ??
    (
      await call('mutation ($input: SavedViewInput!) { saveView(input: $input) { id } }', {
        input: { name: 'Active Pro', filter: { status: 'ACTIVE', search: 'pro' }, orderBy: { field: 'NAME', direction: 'ASC' }, columns },
      })
    ).saveView.id;
  return `?um-view=${id}&um-q=pro&um-status=active&um-sort=name&um-columns=${columns.join(',')}`;
}

async function run(context: BenchContext): Promise<void> {
  const { db } = context;
  if ((await countUsers(db, APP)) < USERS) {
    context.log(`widget: seeding ${USERS.toLocaleString('en-US')} users into ${APP} (once; the bench database is kept)`);
    await db.execute('DELETE FROM users WHERE app_id = $1', [APP]);
    await seedUsers(db, APP, USERS, { log: context.log });
    await db.execute('VACUUM ANALYZE users');
  }
  const apps = [{ appId: APP, users: USERS }];
  if ((await countUsers(db, LARGE_APP)) >= LARGE_USERS) apps.push({ appId: LARGE_APP, users: LARGE_USERS });
  else context.log(`widget: ${LARGE_APP} has fewer than ${LARGE_USERS.toLocaleString('en-US')} users (run the users section first to measure at a million)`);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const rows: Array<Array<string | number>> = [];
  const notes: string[] = [];
  try {
    for (const { appId, users } of apps) {
      const demoToken = await context.token(appId, 'admin');
      // The demo page exists outside production only: a development server on the bench database.
      const config = loadConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: BENCH_SECRET, DATABASE_URL: context.databaseUrl, LOG_LEVEL: 'warn' });
      const server = await startServer({ config, databaseUrl: context.databaseUrl, jwtSecret: BENCH_SECRET, logger: pino({ level: 'warn' }), demoToken }, 0);
      try {
        for (const [name, timing] of await measureOperations(server.url, demoToken)) {
          rows.push([`server answers ${name}, ${users.toLocaleString('en-US')} users`, pair(timing), 'one at a time, from Node', '—']);
        }
        for (const cache of ['cold', 'warm'] as const) {
          context.log(`widget: demo page to first rows, ${cache} cache, ${users.toLocaleString('en-US')} users`);
          const load = await measureFirstRows(browser, `${server.url}/`, cache);
          rows.push([
            `demo page to first rows (${cache} cache), ${users.toLocaleString('en-US')} users`,
            pair(load.firstRows),
            `bundle in ${pair(load.bundle)}; first request sent ${pair(load.firstAsk)}; first answer ${pair(load.firstAnswer)}`,
            `≤ ${TARGET_FIRST_ROWS_MS}`,
          ]);
          if (load.firstRows.p95 > TARGET_FIRST_ROWS_MS)
            notes.push(`first rows p95 ${ms(load.firstRows.p95)} ms over the ${TARGET_FIRST_ROWS_MS} ms target (${cache}, ${users} users)`);
        }
        if (appId === APP) {
          context.log('widget: rendering 500 rows');
          const render = await measureRender(browser, `${server.url}/`, demoToken, `${server.url}/graphql`);
          rows.push(['render 500 rows (Lit update)', pair(render.update), 'from empty, keyed rows', `≤ ${TARGET_RENDER_MS}`]);
          rows.push(['render 500 rows (update + style and layout)', pair(render.layout), 'offsetHeight forced after the update', `≤ ${TARGET_RENDER_MS}`]);
          if (render.layout.p95 > TARGET_RENDER_MS) notes.push(`500 rows p95 ${ms(render.layout.p95)} ms over the ${TARGET_RENDER_MS} ms target`);
          const wide = await measureRender(browser, `${server.url}/`, demoToken, `${server.url}/graphql`, true);
          rows.push([
            'render 500 rows, four more columns (update + style and layout)',
            pair(wide.layout),
            'company, plan, seats, tag names',
            `≤ ${TARGET_RENDER_MS}`,
          ]);
          if (wide.layout.p95 > TARGET_RENDER_MS)
            notes.push(`500 rows with four more columns p95 ${ms(wide.layout.p95)} ms over the ${TARGET_RENDER_MS} ms target`);
        }
        {
          // A link to a saved view, as a teammate opens it: url-state restores the view's filter, order and columns before the first page.
          const view = await savedViewLink(server.url, demoToken);
          context.log(`widget: demo page to first rows through a saved view's link, ${users.toLocaleString('en-US')} users`);
          const load = await measureFirstRows(browser, `${server.url}/${view}`, 'warm');
          rows.push([
            `saved view's link to first rows (url-state, warm cache), ${users.toLocaleString('en-US')} users`,
            pair(load.firstRows),
            `first answer ${pair(load.firstAnswer)}`,
            `≤ ${TARGET_FIRST_ROWS_MS}`,
          ]);
          if (load.firstRows.p95 > TARGET_FIRST_ROWS_MS)
            notes.push(`saved view link p95 ${ms(load.firstRows.p95)} ms over the ${TARGET_FIRST_ROWS_MS} ms target (${users} users)`);
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  context.report('Widget in Chromium (ms, p50 / p95)', ['measure', 'p50 / p95', 'detail', 'target'], rows, [
    `${LOAD_RUNS} page loads and ${RENDER_RUNS} renders after ${WARMUP} warm-ups; Debian's Chromium headless, 1280×900; times from the page's own clock (navigation start), first rows seen at an animation frame.`,
    ...(notes.length ? notes : ['every figure within its target']),
  ]);
}

export const widgetBench: BenchSection = {
  // Beside the users section's million (the `bench` app, imported at its default size), when it has run.
  database: 'users_1000000',
  name: 'widget',
  description: 'the <user-manager> element in Chromium: demo page load to first rows, and rendering a page of 500 rows',
  run,
};
