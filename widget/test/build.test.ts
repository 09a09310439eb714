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
import { WIDGET_BUNDLE } from '../../server/src/http/widget-routes';
import { launchBrowser } from './support/browser';
import { seedApp } from './support/seed';

const ROOT = path.resolve(__dirname, '../..');
const MAX_GZIPPED_BYTES = 60 * 1024;

test('the generated operation types match schema.graphql and widget/src/api/*.graphql (run npm run codegen)', async () => {
  const codegen = path.join(ROOT, 'node_modules/.bin/graphql-codegen');
  const run = promisify(execFile)(codegen, ['--config', 'codegen.yml', '--check'], { cwd: ROOT });
  await expect(run).resolves.toBeDefined();
}, 60_000);

test('the bundle is one self-contained ES module of at most 60 KB gzipped', () => {
  const source = fs.readFileSync(WIDGET_BUNDLE, 'utf8');
  const gzipped = zlib.gzipSync(source, { level: 9 }).length;
  expect(gzipped).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  // Lit is inside: no bare import is left for a browser to resolve.
  expect(source).not.toMatch(/\bimport\s*[^(]*?from\s*["'](?![./])/);
  expect(source).toContain('"user-manager"');
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

  test('the bundle has an ETag, a cache lifetime, gzip, and is open to every origin', async () => {
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
