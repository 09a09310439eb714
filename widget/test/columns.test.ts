/**
 * The table's columns as a host sets them and an admin chooses them, in
 * Chromium against the real server: profile fields and tag names as
 * columns, the `columns` attribute, the "Columns" chooser kept per app in
 * the browser, long values clipped with the whole text at hand, and the
 * headers that cannot sort saying so.
 */
import type { Page } from 'playwright-core';
import { eventually, row, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const LONG_COMPANY = 'The Analytical Engine Manufacturing Company of Greater London and the Home Counties';
const app = {
  fields: [
    { key: 'plan', label: 'Plan', type: 'SELECT' as const, options: ['Free', 'Pro'] },
    { key: 'company', label: 'Company', type: 'TEXT' as const },
    { key: 'seats', label: 'Seats', type: 'NUMBER' as const },
  ],
  tags: [
    { name: 'VIP', color: '#f59e0b' },
    { name: 'Beta', color: '#8b5cf6' },
  ],
  users: [
    { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP', 'Beta'], profile: { plan: 'Pro', company: LONG_COMPANY, seats: 1200 } },
    { email: 'grace@example.org', name: 'Grace Hopper', tags: [], profile: { plan: 'Free' } },
  ],
};

/** The column headers' names, in order (the select box and the row menu have none of their own). */
const headers = (page: Page) =>
  page
    .locator('user-manager [role="columnheader"]')
    .evaluateAll((cells) =>
      cells.map((cell) => (cell.querySelector('.clip, .sort')?.textContent ?? '').replace(/[▲▼↕]/g, '').trim()).filter((text) => text !== ''),
    );

/** One row's cell texts, in column order (the name and menu cells included). */
const cellTexts = (page: Page, name: string) =>
  row(page, name)
    .locator(':scope > [role="gridcell"], :scope > [role="rowheader"]')
    .allInnerTexts()
    .then((texts) => texts.map((text) => text.replace(/\s+/g, ' ').trim()));

test('the columns attribute shows profile fields by key and tag names as chips, in its order', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'columns="name, email,plan,tags,last-access,nonsense"' });
  await eventually(() => headers(page), ['Name', 'Email', 'Plan', 'Tags', 'Last access']);
  await eventually(() => cellTexts(page, 'Ada Lovelace'), ['', 'Ada Lovelace', 'ada@example.com', 'Pro', 'Beta VIP', 'Never', '⋮']);
  expect(await row(page, 'Ada Lovelace').locator('.chips .chip').allInnerTexts()).toEqual(['Beta', 'VIP']);
  expect(await row(page, 'Ada Lovelace').locator('.chips').getAttribute('title')).toBe('Beta, VIP');
  expect(await cellTexts(page, 'Grace Hopper')).toEqual(['', 'Grace Hopper', 'grace@example.org', 'Free', '—', 'Never', '⋮']);

  // Only the indexed orders sort; the others say they do not.
  const plan = page.getByRole('columnheader', { name: 'Plan (not sortable)' });
  expect(await plan.getAttribute('title')).toBe('Plan: not sortable');
  expect(await plan.getByRole('button').count()).toBe(0);
  expect(await page.getByRole('columnheader', { name: 'Email' }).getByRole('button').count()).toBe(1);
  expect(page.errors).toEqual([]);
});

test('a long value ends in an ellipsis, with the whole text on hover and to screen readers', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'columns="name,company,seats"' });
  await eventually(() => headers(page), ['Name', 'Company', 'Seats']);
  const company = row(page, 'Ada Lovelace').getByRole('gridcell').filter({ hasText: 'Analytical' });
  expect(await company.getAttribute('title')).toBe(LONG_COMPANY);
  expect(await company.evaluate((cell) => ({ clipped: cell.scrollWidth > cell.clientWidth, overflow: getComputedStyle(cell).textOverflow }))).toEqual({
    clipped: true,
    overflow: 'ellipsis',
  });
  // The text is all there for assistive technology: the accessible name of the cell is the whole value.
  expect(await company.innerText()).toBe(LONG_COMPANY);
  expect(await row(page, 'Ada Lovelace').getByRole('gridcell').filter({ hasText: '1,200' }).count()).toBe(1);
});

test('"Columns" shows, hides and moves columns; the choice is kept per app across reloads and reset goes back to the host\'s', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'columns="name,email,status"' });
  await eventually(() => headers(page), ['Name', 'Email', 'Status']);
  await page.getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('group', { name: 'Columns' });
  expect(await panel.getByRole('checkbox', { name: 'Name (always shown)' }).isDisabled()).toBe(true);
  await panel.getByRole('checkbox', { name: 'Company' }).check();
  await eventually(() => headers(page), ['Name', 'Email', 'Status', 'Company']);
  await panel.getByRole('button', { name: 'Move Company earlier' }).click();
  await panel.getByRole('button', { name: 'Move Company earlier' }).click();
  await panel.getByRole('checkbox', { name: 'Status' }).uncheck();
  await eventually(() => headers(page), ['Name', 'Company', 'Email']);
  // Escape closes the panel and gives focus back to its button.
  await page.keyboard.press('Escape');
  expect(await panel.isHidden()).toBe(true);
  expect(await page.evaluate(() => document.querySelector('user-manager')!.shadowRoot!.querySelector('um-column-chooser')!.shadowRoot!.activeElement?.id)).toBe(
    'columns-button',
  );

  await page.reload();
  await page.locator('user-manager [role="row"][data-id]').first().waitFor();
  await eventually(() => headers(page), ['Name', 'Company', 'Email']);
  expect(await page.evaluate((key) => localStorage.getItem(key), `user-manager:columns:${appId}`)).toBe('["name","company","email"]');

  // Another app embedded on the same origin keeps its own columns.
  const other = await fixture.seed(app);
  await page.evaluate((key) => localStorage.setItem(key, '["name","seats"]'), `user-manager:columns:${other.appId}`);
  expect(await page.evaluate((key) => localStorage.getItem(key), `user-manager:columns:${appId}`)).toBe('["name","company","email"]');

  await page.getByRole('button', { name: 'Columns' }).click();
  await panel.getByRole('button', { name: 'Reset columns' }).click();
  await eventually(() => headers(page), ['Name', 'Email', 'Status']);
  expect(await page.evaluate((key) => localStorage.getItem(key), `user-manager:columns:${appId}`)).toBeNull();
});

test('without a columns attribute the table has its default columns, and the host can set new ones while it runs', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId);
  await eventually(() => headers(page), ['Name', 'Email', 'Status', 'Tag count', 'Signed up', 'Last access']);
  await page.evaluate(() => document.querySelector('user-manager')!.setAttribute('columns', 'email,seats'));
  // The name column names each row: it is always there.
  await eventually(() => headers(page), ['Name', 'Email', 'Seats']);
  await eventually(() => cellTexts(page, 'Ada Lovelace'), ['', 'Ada Lovelace', 'ada@example.com', '1,200', '⋮']);
});
