/**
 * Views as a team uses them, in Chromium against the real server: with
 * `url-state` what the element shows lives in the host page's query string
 * (restored on reload and on back/forward, the host's own keys untouched),
 * and saved views belong to the app: saved by one admin, opened by anyone
 * of the same app from another browser, unseen by other apps.
 */
import type { Page } from 'playwright-core';
import { eventually, shownNames, useWidgetFixture } from './support/widget-fixture';
import { numberedUsers } from './support/seed';

const fixture = useWidgetFixture();

const app = {
  fields: [{ key: 'company', label: 'Company', type: 'TEXT' as const }],
  tags: [{ name: 'VIP', color: '#f59e0b' }],
  users: [
    { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP'], profile: { company: 'Analytical' } },
    { email: 'grace@example.org', name: 'Grace Hopper', tags: ['VIP'], profile: { company: 'Navy' } },
    { email: 'alan@example.net', name: 'Alan Turing', tags: [], profile: { company: 'Bletchley' } },
    ...numberedUsers(4, 'example.com'),
  ],
};

const params = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(window.location.search)));
const headers = (page: Page) =>
  page
    .locator('user-manager [role="columnheader"]')
    .evaluateAll((cells) => cells.map((cell) => (cell.querySelector('.clip, .sort')?.textContent ?? '').replace(/[▲▼↕]/g, '').trim()).filter(Boolean));
const range = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).locator('.range').innerText();

test('with url-state the filter, order, columns and page are in the query string and come back on reload', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'url-state page-size="2"' });
  await page.goto(`${page.url()}?tab=users`);
  await page.locator('user-manager [role="row"][data-id]').first().waitFor();

  await page.getByRole('searchbox', { name: 'Search users' }).fill('example');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Company' }).check();
  await page.keyboard.press('Escape');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Alan Turing']);
  await page.getByRole('button', { name: 'Next page' }).click();
  await eventually(() => shownNames(page), ['Grace Hopper', 'Person 01']);

  const kept = await params(page);
  expect(kept).toMatchObject({ tab: 'users', 'um-q': 'example', 'um-sort': 'name', 'um-columns': 'name,email,status,tag-count,signed-up,last-access,company' });
  expect(kept['um-page']).toMatch(/^[\w-]+$/);

  await page.reload();
  await eventually(() => shownNames(page), ['Grace Hopper', 'Person 01']);
  expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe('example');
  expect(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
  expect((await headers(page)).at(-1)).toBe('Company');
  await eventually(() => range(page), 'Showing 3–4 of 7 · Page 2');
  // The page before is the one the link came from.
  await page.getByRole('button', { name: 'Previous page' }).click();
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Alan Turing']);
  expect((await params(page))['um-page']).toBeUndefined();
  expect(page.errors).toEqual([]);
});

test('back and forward in the host page show what each URL holds', async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'url-state' });
  const base = page.url();
  await page.evaluate(() => history.pushState(null, '', '?um-q=grace&um-status=active'));
  // pushState tells no one; the host's router would. Back, then forward:
  await page.goBack();
  await page.goForward();
  await eventually(() => shownNames(page), ['Grace Hopper']);
  expect(await page.getByRole('tab', { name: /^Active/ }).getAttribute('aria-selected')).toBe('true');
  await page.goBack();
  expect(page.url()).toBe(base);
  await eventually(async () => (await shownNames(page)).length, 7);
  expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe('');
});

test("a saved view is the whole team's: saved here, opened from another browser of the same app, unseen by another app", async () => {
  const { appId } = await fixture.seed(app);
  const page = await fixture.open(appId, { attributes: 'columns="name,email"' });
  await page.getByRole('button', { name: 'Tag filter' }).click();
  await page.getByRole('combobox', { name: 'Filter by tag VIP' }).selectOption('all');
  await page.keyboard.press('Escape');
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Company' }).check();
  await page.keyboard.press('Escape');

  const bar = page.getByRole('group', { name: 'Saved views' });
  await bar.getByRole('button', { name: 'Save view' }).click();
  await bar.getByRole('textbox', { name: 'Name of the new view' }).fill('VIPs');
  await bar.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').getByText('Saved the view “VIPs” for everyone in this app').waitFor();
  await eventually(() => bar.getByRole('button', { name: /^VIPs/ }).innerText(), 'VIPs\n2');
  expect(await bar.getByRole('button', { name: /^VIPs/ }).getAttribute('aria-pressed')).toBe('true');
  // The same name again is refused, and the form says why.
  await bar.getByRole('button', { name: 'Save view' }).click();
  await bar.getByRole('textbox', { name: 'Name of the new view' }).fill('vips');
  await bar.getByRole('button', { name: 'Save', exact: true }).click();
  await eventually(() => bar.getByRole('alert').innerText(), 'A saved view named "vips" already exists');

  // Another browser, another token (a viewer) of the same app.
  const other = await fixture.open(appId, { role: 'viewer' });
  const otherBar = other.getByRole('group', { name: 'Saved views' });
  await eventually(() => otherBar.getByRole('button', { name: /^VIPs/ }).innerText(), 'VIPs\n2');
  expect(await otherBar.getByRole('button', { name: 'Save view' }).count()).toBe(0);
  await otherBar.getByRole('button', { name: /^VIPs/ }).click();
  await eventually(() => shownNames(other), ['Ada Lovelace', 'Grace Hopper']);
  await eventually(() => headers(other), ['Name', 'Email', 'Company']);
  expect(await other.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
  expect(await other.getByRole('tab', { name: /^All/ }).innerText()).toMatch(/All\s+2/);

  const stranger = await fixture.open((await fixture.seed({ users: numberedUsers(1) })).appId);
  await stranger.getByRole('button', { name: 'Save view' }).waitFor();
  expect(await stranger.getByRole('button', { name: /^VIPs/ }).count()).toBe(0);
});

test('deleting a saved view changes no user and can be undone', async () => {
  const { appId, tagIds } = await fixture.seed(app);
  await fixture.query(appId, 'mutation ($input: SavedViewInput!) { saveView(input: $input) { id } }', {
    input: { name: 'Not VIP', filter: { tags: { none: [tagIds.VIP] } } },
  });
  const page = await fixture.open(appId);
  const bar = page.getByRole('group', { name: 'Saved views' });
  await bar.getByRole('button', { name: /^Not VIP/ }).click();
  await eventually(async () => (await shownNames(page)).length, 5);
  await bar.getByRole('button', { name: 'Delete “Not VIP”' }).click();
  const notice = page.getByRole('status');
  await notice.getByText('Deleted the view “Not VIP”; no user was changed').waitFor();
  await eventually(() => bar.getByRole('button', { name: /^Not VIP/ }).count(), 0);
  expect((await fixture.query(appId, '{ userCounts { all } }')).userCounts.all).toBe(7);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await eventually(() => bar.getByRole('button', { name: /^Not VIP/ }).innerText(), 'Not VIP\n5');
  expect((await fixture.query(appId, '{ savedViews { name filter } }')).savedViews).toEqual([{ name: 'Not VIP', filter: { tags: { none: [tagIds.VIP] } } }]);
});
