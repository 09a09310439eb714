// Takes the README screenshots from a running demo page:
//   npm start   (in another terminal)
//   node widget/scripts/screenshots.js [http://localhost:4000/]
// Writes docs/widget-light.png (the list, two users selected), docs/widget-dark.png
// (a profile opened from its last access, at the activity timeline), docs/widget-ban.png
// (the ban dialog for every user a filter matches), docs/widget-add-user.png (the Add user
// form with a field error), docs/widget-edit.png (a profile edited in place, dark) and
// docs/widget-tags.png (Manage tags, confirming a delete), docs/widget-columns.png (profile
// fields and tag names as columns, the Columns chooser open) and docs/widget-phone.png (390×844:
// the users as cards, filters folded) and docs/widget-rtl.png (in Arabic, right to left, with
// the tag filter open).
const path = require('node:path');
const { chromium } = require('playwright-core');

const url = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'http://localhost:4000/';
/** `--only=widget-rtl.png,widget-phone.png` takes just those. */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
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

async function shoot(browser, theme, file, act, viewport = { width: 1280, height: 820 }, query = '') {
  if (only && !only.includes(file)) return;
  const page = await browser.newPage({ viewport, colorScheme: theme, locale: 'en-US' });
  await page.goto(`${url}?theme=${theme}${query}`);
  await page.locator('user-manager [role="row"][data-id]').first().waitFor();
  await page.getByRole('tab', { selected: true }).waitFor();
  // The tabs' counts have arrived (they show … until then).
  await page.locator('user-manager [role="tab"] .tab-count', { hasText: '…' }).first().waitFor({ state: 'detached' });
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
    await shoot(browser, 'light', 'widget-ban.png', async (page) => {
      await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await bar.getByRole('button', { name: /^Select all .* users that match$/ }).click();
      await bar.getByRole('button', { name: 'Ban selected', exact: true }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByRole('textbox', { name: 'Reason' }).fill('Spam wave from a scripted sign-up campaign');
      await dialog.getByRole('radio', { name: '30 days' }).check();
    });
    await shoot(browser, 'light', 'widget-add-user.png', async (page) => {
      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add user' });
      await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('ada-at-example');
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
      await dialog.getByRole('textbox', { name: 'Company' }).fill('Analytical Engines');
      await dialog.getByRole('combobox', { name: 'Plan' }).selectOption({ index: 1 });
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await dialog.getByText(/is not a valid email address/).waitFor();
    });
    await shoot(browser, 'dark', 'widget-edit.png', async (page) => {
      await page.locator('user-manager [role="row"][data-id] [data-action="profile"]').nth(2).click();
      const panel = page.getByRole('dialog');
      await panel.getByRole('button', { name: 'Edit' }).click();
      await panel.getByRole('button', { name: 'Save' }).waitFor();
      await page.waitForTimeout(300);
    });
    await shoot(browser, 'light', 'widget-tags.png', async (page) => {
      await page.getByRole('button', { name: 'Manage tags' }).click();
      const dialog = page.getByRole('dialog', { name: 'Manage tags' });
      await dialog
        .getByRole('button', { name: /^Delete / })
        .first()
        .click();
      await dialog.getByRole('group').first().waitFor();
    });
    await shoot(
      browser,
      'light',
      'widget-columns.png',
      async (page) => {
        await page.getByRole('button', { name: 'Columns' }).click();
        await page.getByRole('group', { name: 'Columns' }).waitFor();
      },
      { width: 1280, height: 820 },
      '&um-columns=name,email,plan,country,tags,last-access',
    );
    await shoot(browser, 'light', 'widget-phone.png', async () => {}, { width: 390, height: 844 });
    await shoot(
      browser,
      'light',
      'widget-rtl.png',
      async (page) => {
        await page.getByRole('button', { name: 'التصفية بالوسوم', exact: true }).click();
        await page.getByRole('group', { name: 'التصفية بالوسوم' }).waitFor();
      },
      { width: 1280, height: 820 },
      '&locale=ar',
    );
    process.stdout.write(`wrote the screenshots to ${docs}\n`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
