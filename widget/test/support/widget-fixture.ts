import type { Browser, Locator, Page } from 'playwright-core';
import type { Role } from '../../../server/src/auth/roles';
import { newAppId, startTestServer, tokens, type TestServer } from '../../../server/test/support/harness';
import { launchBrowser, newPage } from './browser';
import { embedPage, startHostSite, type HostSite } from './host-page';
import { seedApp, type SeedFixture, type Seeded } from './seed';

export interface OpenOptions {
  role?: Role;
  /** Extra attributes for <user-manager>. */
  attributes?: string;
  /** A module script on the host page, run before the element loads. */
  script?: string;
  style?: string;
  /** No token attribute (the script sets tokenProvider). */
  noToken?: boolean;
  colorScheme?: 'light' | 'dark';
  /** The browser's language (en-US). */
  locale?: string;
  /** The host page's `lang` (en), or null for none. */
  lang?: string | null;
  /** Browser permissions for the host page, e.g. clipboard-read. */
  permissions?: string[];
  /** Wait for the first row (default) or nothing. */
  waitForRows?: boolean;
  /** Wait for this text as the first thing the element shows, instead of a row (an empty state, a load error). */
  shows?: string | RegExp;
  /** Runs on the new page before it loads (e.g. to hold back some responses). */
  prepare?: (page: Page) => Promise<void>;
  /** The endpoint attribute; the test server's /graphql unless given. */
  endpoint?: string;
}

export interface WidgetFixture {
  readonly server: TestServer;
  readonly host: HostSite;
  readonly browser: Browser;
  /** A new app of the test's own, filled through the API. */
  seed(fixture: SeedFixture): Promise<{ appId: string } & Seeded>;
  /** Opens a host page (another origin) embedding the element for the app. */
  open(appId: string, options?: OpenOptions): Promise<Page & { errors: string[] }>;
  /** The same query through the API, to check what the server now holds. */
  query<T = any>(appId: string, query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** How long a page's first load may take: a CI machine's two cores also run the server suites. */
const FIRST_LOAD_MS = 20_000;

/** The text the element renders, through its shadow roots, squeezed to one line. */
const shownText = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const parts: string[] = [];
    const visit = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
      node.childNodes.forEach(visit);
    };
    const element = document.querySelector('user-manager');
    if (element) visit(element);
    return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 2000);
  });

/** One server, host site and browser for a test file; a page per test. */
export function useWidgetFixture(env: Record<string, string> = {}): WidgetFixture {
  let server: TestServer;
  let host: HostSite;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    [server, host, browser] = await Promise.all([startTestServer(env), startHostSite(), launchBrowser()]);
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server?.close();
  });

  return {
    get server() {
      return server;
    },
    get host() {
      return host;
    },
    get browser() {
      return browser;
    },
    async seed(fixture) {
      const appId = newAppId();
      return { appId, ...(await seedApp(server, appId, fixture)) };
    },
    async open(appId, options = {}) {
      const token = options.noToken ? undefined : await tokens.sign({ subject: 'admin@host', appId, role: options.role ?? 'admin' });
      const url = host.page(
        `/${appId}/${pages.length}`,
        embedPage({
          serverUrl: server.url,
          endpoint: options.endpoint,
          token,
          attributes: options.attributes,
          script: options.script,
          style: options.style,
          ...(options.lang !== undefined ? { lang: options.lang } : {}),
        }),
      );
      const page = await newPage(browser, { colorScheme: options.colorScheme, ...(options.locale ? { locale: options.locale } : {}) });
      pages.push(page);
      if (options.permissions) await page.context().grantPermissions(options.permissions, { origin: host.origin });
      await options.prepare?.(page);
      await page.goto(url);
      const first =
        options.shows !== undefined
          ? page.locator('user-manager').getByText(options.shows).first()
          : (options.waitForRows ?? true)
            ? page.locator('user-manager [role="row"][data-id]').first()
            : undefined;
      await first
        // A first load on a CI machine whose two cores also run the server suites can take longer than one action's 10 s.
        ?.waitFor({ timeout: FIRST_LOAD_MS })
        .catch(async (error: Error) => {
          // Say what the element showed instead (an error, an empty state, still loading), not only that it never came.
          throw new Error(`${error.message}\nThe element showed: ${await shownText(page)}\nPage errors: ${JSON.stringify(page.errors)}`);
        });
      return page;
    },
    async query(appId, query, variables) {
      const client = await server.client(appId, 'admin');
      return client.ok(query, variables);
    },
  };
}

/** The texts of one column (1-based, counting the select box column) for every row shown. */
export async function columnTexts(page: Page, column: number): Promise<string[]> {
  return page
    .locator(`user-manager [role="row"][data-id] > :nth-child(${column})`)
    .allInnerTexts()
    .then((texts) => texts.map((text) => text.trim()));
}

/** The names in the Name column, top to bottom. */
export const shownNames = (page: Page): Promise<string[]> => columnTexts(page, 2);

/** Waits until `read` gives `expected` (the element updates asynchronously). */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    try {
      expect(last).toEqual(expected);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Bans a user from their row's status control, through the ban dialog. */
export async function banFromRow(page: Page, name: string, reason?: string): Promise<void> {
  await page.getByRole('combobox', { name: `Status for ${name}` }).selectOption('BANNED');
  const dialog = page.getByRole('alertdialog', { name: `Ban ${name}?` });
  if (reason) await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: `Ban ${name}` }).click();
}

/** A user's row. */
export const row = (page: Page, name: string): Locator =>
  page.locator('user-manager [role="row"][data-id]').filter({ has: page.getByRole('button', { name, exact: true }) });

/**
 * Holds back the responses to GraphQL operations of one name until
 * `release()`, so a test sees what the element shows meanwhile. The request
 * still goes to the real server afterwards.
 */
export async function holdOperation(page: Page, operationName: string): Promise<{ held: Promise<void>; release(): void }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { operationName?: string } | null;
    if (route.request().method() === 'POST' && body?.operationName === operationName) {
      arrived();
      await gate;
    }
    await route.continue();
  });
  return { held, release };
}

/** Collects the element's public events on the host page's document (so they must bubble out of the shadow root). */
export const RECORD_EVENTS = `
  window.umEvents = [];
  for (const name of ['um-status-change', 'um-tags-change', 'um-user-delete', 'um-password-reset', 'um-import-complete', 'um-error']) {
    document.addEventListener(name, (event) => window.umEvents.push({ type: event.type, detail: event.detail, composed: event.composed, bubbles: event.bubbles }));
  }
`;

export const recordedEvents = (page: Page): Promise<Array<{ type: string; detail: any; composed: boolean; bubbles: boolean }>> =>
  page.evaluate(() => (window as unknown as { umEvents: Array<{ type: string; detail: any; composed: boolean; bubbles: boolean }> }).umEvents);

/** A simple accessible name of the focused element (looking inside shadow roots): aria-label, its label, or its text. */
export const focusedName = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    // A grid cell is announced by the control it holds (the table is an ARIA grid).
    if (active.matches('[role="gridcell"], [role="rowheader"], [role="columnheader"]')) active = active.querySelector('button, input, select') ?? active;
    const label = (active as HTMLInputElement).labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim();
    return active.getAttribute('aria-label') || label || (active as HTMLElement).innerText?.replace(/\s+/g, ' ').trim() || active.tagName.toLowerCase();
  });

/** Presses one key (an arrow, in the grid) until the focused element's name matches; fails after `max` presses. */
export async function pressTo(page: Page, key: string, name: string | RegExp, max = 20): Promise<void> {
  const visited: Array<string | null> = [];
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press(key);
    const current = await focusedName(page);
    if (current !== null && (typeof name === 'string' ? current === name : name.test(current))) return;
    visited.push(current);
  }
  throw new Error(`${key} never reached "${name}"; it went through: ${visited.join(' | ')}`);
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, name: string | RegExp, options: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const matches = (value: string | null) => value !== null && (typeof name === 'string' ? value === name : name.test(value));
  const visited: Array<string | null> = [];
  for (let presses = 0; presses < (options.max ?? 60); presses += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const current = await focusedName(page);
    if (matches(current)) return;
    visited.push(current);
  }
  throw new Error(`Tab never reached "${name}"; it went through: ${visited.join(' | ')}`);
}

/** The text of a file the page downloads when `act` runs. */
export async function downloadText(page: Page, act: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), act()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** The id of the focused element (looking inside shadow roots). */
export const focusedId = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id || null;
  });
