/**
 * Embedding as host apps do it: a page on another origin that CORS_ORIGINS
 * allows (and one it does not), tokens from a `tokenProvider` refreshed once
 * after UNAUTHENTICATED, events heard on the host document, and theming
 * through --um-* custom properties, `theme` and ::part.
 */
import type { Browser } from 'playwright-core';
import { newAppId, startTestServer, tokens, type TestServer } from '../../server/test/support/harness';
import { launchBrowser, newPage } from './support/browser';
import { embedPage, startHostSite, type HostSite } from './support/host-page';
import { seedApp } from './support/seed';
import { banFromRow, eventually, shownNames } from './support/widget-fixture';

let host: HostSite;
let allowing: TestServer;
let refusing: TestServer;
let browser: Browser;
let appId: string;

beforeAll(async () => {
  [host, browser] = await Promise.all([startHostSite(), launchBrowser()]);
  [allowing, refusing] = await Promise.all([
    startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: `https://admin.example.com,${host.origin}` }),
    startTestServer({ NODE_ENV: 'production', CORS_ORIGINS: 'https://admin.example.com' }),
  ]);
  appId = newAppId();
  await seedApp(allowing, appId, {
    users: [
      { email: 'ada@example.com', name: 'Ada Lovelace', signedUpAt: '2026-03-02T10:00:00Z' },
      { email: 'grace@example.org', name: 'Grace Hopper', signedUpAt: '2026-01-15T08:00:00Z' },
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await allowing?.close();
  await refusing?.close();
});

async function open(html: string) {
  const page = await newPage(browser);
  await page.goto(host.page(`/${Math.random().toString(36).slice(2)}`, html));
  return page;
}

test('a host page on an origin CORS_ORIGINS allows loads the element from the server and manages its users', async () => {
  const token = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  const page = await open(embedPage({ serverUrl: allowing.url, token }));
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  await banFromRow(page, 'Grace Hopper');
  await page.getByRole('status').getByText('Banned Grace Hopper').waitFor();
  await page.getByRole('combobox', { name: 'Status for Grace Hopper' }).selectOption('ACTIVE');
  await page.getByRole('status').getByText('Unbanned Grace Hopper').waitFor();
  expect(page.errors).toEqual([]);
  await page.context().close();
});

test('an origin CORS_ORIGINS does not list gets the element but no data, and says the server could not be reached', async () => {
  const token = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  const page = await open(embedPage({ serverUrl: refusing.url, token }));
  await page.getByRole('alert').getByText('Could not load users: The server could not be reached.').waitFor();
  expect(await page.locator('user-manager [role="row"][data-id]').count()).toBe(0);
  await page.context().close();
});

test('tokenProvider is asked for a token, and once more when the server answers UNAUTHENTICATED', async () => {
  const expired = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' }, Math.floor(Date.now() / 1000) - 60);
  const fresh = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  const page = await open(
    embedPage({
      serverUrl: allowing.url,
      script: `
        const issued = ${JSON.stringify([expired, fresh])};
        window.providerCalls = 0;
        const element = document.querySelector('user-manager');
        element.tokenProvider = async () => issued[Math.min(window.providerCalls++, issued.length - 1)];
      `,
    }),
  );
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  // The first token was refused once for every call that used it; one refresh served them all.
  expect(await page.evaluate(() => (window as unknown as { providerCalls: number }).providerCalls)).toBe(2);
  await banFromRow(page, 'Ada Lovelace');
  await page.getByRole('status').getByText('Banned Ada Lovelace').waitFor();
  await page.getByRole('combobox', { name: 'Status for Ada Lovelace' }).selectOption('ACTIVE');
  await page.getByRole('status').getByText('Unbanned Ada Lovelace').waitFor();
  expect(await page.evaluate(() => (window as unknown as { providerCalls: number }).providerCalls)).toBe(2);
  const refusedTokens = allowing.logs.filter((line) => line.path === '/graphql' && line.status === 401).length;
  expect(refusedTokens).toBeGreaterThanOrEqual(1);
  await page.context().close();
});

test('a provider that keeps giving refused tokens is asked once more, then the error shows', async () => {
  const expired = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' }, Math.floor(Date.now() / 1000) - 60);
  const page = await open(
    embedPage({
      serverUrl: allowing.url,
      script: `window.providerCalls = 0; document.querySelector('user-manager').tokenProvider = async () => { window.providerCalls++; return ${JSON.stringify(expired)}; };`,
    }),
  );
  await page
    .getByRole('alert')
    .getByText(/^Could not load users: Your sign-in was refused or has expired; reload the page to sign in again\./)
    .waitFor();
  expect(await page.evaluate(() => (window as unknown as { providerCalls: number }).providerCalls)).toBe(2);
  await page.context().close();
});

test('theming: --um-* properties and ::part from the host page, and the dark theme', async () => {
  const token = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  const page = await open(
    embedPage({
      serverUrl: allowing.url,
      token,
      style: `
        user-manager.branded { --um-color-accent: rgb(200, 30, 90); --um-font-family: Georgia, serif; --um-radius: 0px; }
        user-manager::part(table) { outline: 3px solid rgb(1, 2, 3); }
        user-manager::part(search) { background-color: rgb(250, 240, 200); }
      `,
    }),
  );
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  const style = (selector: string, property: string) =>
    page.evaluate(
      ([selector, property]: [string, string]) => {
        const element = document.querySelector('user-manager')!;
        const root = element.shadowRoot!;
        const target =
          selector === ':host'
            ? element
            : (root.querySelector(selector) ??
                root.querySelector('um-toolbar')!.shadowRoot!.querySelector(selector) ??
                root.querySelector('um-user-table')!.shadowRoot!.querySelector(selector))!;
        return getComputedStyle(target).getPropertyValue(property);
      },
      [selector, property] as [string, string],
    );
  expect(await style('[role="grid"]', 'outline-color')).toBe('rgb(1, 2, 3)');
  expect(await style('input[type="search"]', 'background-color')).toBe('rgb(250, 240, 200)');
  const lightBackground = await style(':host', 'background-color');
  expect(lightBackground).toBe('rgb(255, 255, 255)');

  await page.evaluate(() => document.querySelector('user-manager')!.classList.add('branded'));
  expect(await style('[role="tab"][aria-selected="true"]', 'border-bottom-color')).toBe('rgb(200, 30, 90)');
  expect(await style('input[type="search"]', 'font-family')).toBe('Georgia, serif');
  expect(await style('input[type="search"]', 'border-top-left-radius')).toBe('0px');

  await page.evaluate(() => document.querySelector('user-manager')!.setAttribute('theme', 'dark'));
  expect(await style(':host', 'background-color')).toBe('rgb(15, 23, 42)');
  expect(await style(':host', 'color-scheme')).toBe('dark');
  await page.context().close();
});

test('without a theme the element follows the system colour scheme', async () => {
  const token = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  const page = await newPage(browser, { colorScheme: 'dark' });
  await page.goto(host.page('/dark-system', embedPage({ serverUrl: allowing.url, token })));
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('user-manager')!).backgroundColor)).toBe('rgb(15, 23, 42)');
  await page.evaluate(() => document.querySelector('user-manager')!.setAttribute('theme', 'light'));
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('user-manager')!).backgroundColor)).toBe('rgb(255, 255, 255)');
  await page.context().close();
});
