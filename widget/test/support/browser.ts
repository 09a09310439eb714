import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A new page of its own (fresh storage), 1280×900, with page errors failing the test that reads `errors`. */
export async function newPage(browser: Browser, options: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
  });
  // Well under jest's test timeout, so a missing element fails with Playwright's own message.
  context.setDefaultTimeout(10_000);
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}
