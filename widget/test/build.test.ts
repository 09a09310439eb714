/**
 * The artefacts around the element: typed documents generated from the
 * schema are current, the bundle is one ES module within its size budget,
 * and the server serves it (ETag, caching, gzip, any origin) and, outside
 * production, the demo page that embeds it with a development token.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { newAppId, startTestServer, tokens, type TestServer } from '../../server/test/support/harness';
import { WIDGET_BUNDLE, WIDGET_DIST } from '../../server/src/http/widget-routes';
// The build's own reading of what loads first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { firstLoad } = require('../scripts/build.js') as { firstLoad: (entry: string) => string[] };
import { launchBrowser } from './support/browser';
import { seedApp } from './support/seed';

const ROOT = path.resolve(__dirname, '../..');
const MAX_GZIPPED_BYTES = 60 * 1024;

test('the generated operation types match schema.graphql and widget/src/api/*.graphql (run npm run codegen)', async () => {
  const codegen = path.join(ROOT, 'node_modules/.bin/graphql-codegen');
  const run = promisify(execFile)(codegen, ['--config', 'codegen.yml', '--check'], { cwd: ROOT });
  await expect(run).resolves.toBeDefined();
}, 60_000);

test('what a browser loads first (the entry and its static imports) is at most 60 KB gzipped, and every module is self-contained', () => {
  const first: string[] = firstLoad(WIDGET_BUNDLE);
  expect(first[0]).toBe(WIDGET_BUNDLE);
  const gzipped = first.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length, 0);
  expect(gzipped).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  const built = [...fs.readdirSync(WIDGET_DIST), ...fs.readdirSync(path.join(WIDGET_DIST, 'locales')).map((file) => `locales/${file}`)].filter((file) =>
    file.endsWith('.js'),
  );
  // The German and Arabic words and the later dialogs are not in the first load.
  expect(built).toEqual(expect.arrayContaining(['locales/de.js', 'locales/ar.js', expect.stringMatching(/^later-dialogs-\w+\.js$/)]));
  expect(first.map((file) => path.relative(WIDGET_DIST, file))).not.toContain('locales/de.js');
  for (const file of built) {
    // Lit is inside: no bare import is left for a browser (or a host's bundler) to resolve.
    expect({ file, bare: /(?:^|[;}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](?![./])/.test(fs.readFileSync(path.join(WIDGET_DIST, file), 'utf8')) }).toEqual({
      file,
      bare: false,
    });
  }
  expect(fs.readFileSync(WIDGET_BUNDLE, 'utf8') + first.map((file) => fs.readFileSync(file, 'utf8')).join('')).toContain('"user-manager"');
});

describe('serving', () => {
  let server: TestServer;
  let production: TestServer;
  let appId: string;

  beforeAll(async () => {
    appId = newAppId();
    const demoToken = await tokens.sign({ subject: 'developer', appId, role: 'admin' });
    server = await startTestServer({}, { demoToken });
    production = await startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: 'https://admin.example.com' }, { demoToken });
    await seedApp(server, appId, { users: [{ email: 'grace@example.com', name: 'Grace Hopper' }] });
  });
  afterAll(async () => {
    await server?.close();
    await production?.close();
  });

  test('the entry has an ETag, a cache lifetime, gzip, and is open to every origin', async () => {
    const response = await fetch(`${server.url}/widget/user-manager.js`, { headers: { origin: 'https://elsewhere.example', 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(await response.text()).toBe(fs.readFileSync(WIDGET_BUNDLE, 'utf8'));

    const again = await fetch(`${server.url}/widget/user-manager.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await fetch(`${server.url}/widget/user-manager.js`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  test('the chunks and catalogues are served beside the entry: a hashed chunk for a year, a catalogue like the entry, nothing else', async () => {
    const chunk = fs.readdirSync(WIDGET_DIST).find((file) => /^chunk-\w+\.js$/.test(file))!;
    const hashed = await fetch(`${server.url}/widget/${chunk}`, { headers: { origin: 'https://elsewhere.example' } });
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('access-control-allow-origin')).toBe('*');
    const german = await fetch(`${server.url}/widget/locales/de.js`);
    expect(german.status).toBe(200);
    expect(german.headers.get('cache-control')).toBe('public, max-age=600');
    expect(await german.text()).toBe(fs.readFileSync(path.join(WIDGET_DIST, 'locales', 'de.js'), 'utf8'));
    for (const path of ['/widget/locales/fr.js', '/widget/../package.json', '/widget/%2e%2e%2fpackage.json', '/widget/locales/../../package.json']) {
      expect({ path, status: (await fetch(`${server.url}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });

  test('production serves the bundle but no demo page', async () => {
    expect((await fetch(`${production.url}/widget/user-manager.js`)).status).toBe(200);
    const demo = await fetch(`${production.url}/`);
    expect(demo.status).toBe(404);
    expect(await demo.text()).not.toContain('user-manager');
  });

  test('the demo page embeds the element with the development token and shows the users', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('<script type="module" src="/widget/user-manager.js"></script>');
    expect(html).not.toContain('%UM_DEMO_TOKEN%');
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'Grace Hopper', exact: true }).waitFor();
      await page.getByRole('tab', { name: 'All 1', exact: true }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
