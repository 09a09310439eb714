// Takes the README screenshots from a running demo page:
//   npm start   (in another terminal)
//   node widget/scripts/screenshots.js [http://localhost:4000/]
// Writes docs/widget-light.png (the list, two users selected) and docs/widget-dark.png
// (a profile opened from its last access, at the activity timeline).
const path = require('node:path');
const { chromium } = require('playwright-core');

const url = process.argv[2] ?? 'http://localhost:4000/';
const docs = path.resolve(__dirname, '..', '..', 'docs');
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function shoot(browser, theme, file, act) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, colorScheme: theme, locale: 'en-US' });
  await page.goto(`${url}?theme=${theme}`);
  await page.locator('user-manager [role="row"][data-id]').first().waitFor();
  await page.getByRole('tab', { name: /^All \d/ }).waitFor();
  await act(page);
  await page.screenshot({ path: path.join(docs, file) });
  await page.close();
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  try {
    await shoot(browser, 'light', 'widget-light.png', async (page) => {
      const boxes = page.getByRole('checkbox', { name: /^Select (?!all)/ });
      await boxes.nth(1).check();
      await boxes.nth(3).check();
      await page.getByRole('region', { name: 'Bulk actions' }).waitFor();
    });
    await shoot(browser, 'dark', 'widget-dark.png', async (page) => {
      await page.locator('user-manager [role="row"][data-id] [data-action="activity"]').nth(7).click();
      await page.getByRole('dialog').getByRole('region', { name: 'Activity' }).getByRole('listitem').first().waitFor();
      await page.waitForTimeout(300);
    });
    process.stdout.write(`wrote ${path.join(docs, 'widget-light.png')} and widget-dark.png\n`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
