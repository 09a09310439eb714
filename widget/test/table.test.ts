/**
 * The users table as an admin uses it in Chromium against the real server:
 * the columns, sorting by each sortable column, keyset paging forwards and
 * back, the status dropdown, and bulk ban / unban / tag / untag of selected rows.
 */
import { columnTexts, eventually, RECORD_EVENTS, recordedEvents, row, shownNames, useWidgetFixture } from './support/widget-fixture';
import { numberedUsers } from './support/seed';

const fixture = useWidgetFixture();

const people = [
  { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP', 'Beta'], signedUpAt: '2026-03-02T10:00:00Z', lastAccessAt: '2026-06-01T09:30:00Z' },
  { email: 'grace@example.org', name: 'Grace Hopper', tags: [], signedUpAt: '2026-01-15T08:00:00Z', lastAccessAt: null },
  { email: 'bob@example.net', name: null, tags: ['Beta'], signedUpAt: '2026-05-20T12:00:00Z', lastAccessAt: '2026-05-21T18:00:00Z' },
  {
    email: 'zed@example.com',
    name: 'Zed Young',
    tags: [],
    signedUpAt: '2025-12-31T23:00:00Z',
    lastAccessAt: '2026-07-01T00:00:00Z',
    status: 'BANNED' as const,
    banReason: 'Spam',
  },
];
const tags = [
  { name: 'VIP', color: '#f59e0b' },
  { name: 'Beta', color: '#8b5cf6' },
];

test('each row shows name, email, status, tag count, signup and last access; a user without a name shows the email', async () => {
  const { appId } = await fixture.seed({ tags, users: people });
  const page = await fixture.open(appId);
  expect(await shownNames(page)).toEqual(['bob@example.net', 'Ada Lovelace', 'Grace Hopper', 'Zed Young']);
  const ada = row(page, 'Ada Lovelace');
  expect(await ada.getByRole('gridcell').nth(1).innerText()).toBe('ada@example.com');
  expect(await ada.getByRole('combobox', { name: 'Status for Ada Lovelace' }).inputValue()).toBe('ACTIVE');
  expect(await ada.getByRole('button', { name: 'Tags for Ada Lovelace' }).innerText()).toBe('2');
  expect(await ada.getByRole('gridcell').nth(4).innerText()).toBe('Mar 2, 2026');
  expect(await ada.getByRole('button', { name: /^Last access of Ada Lovelace/ }).innerText()).toBe('Jun 1, 2026, 9:30 AM');
  expect(await row(page, 'Grace Hopper').getByRole('gridcell').nth(5).innerText()).toBe('Never');
  expect(await row(page, 'Zed Young').getByRole('combobox', { name: 'Status for Zed Young' }).inputValue()).toBe('BANNED');
  expect(await page.getByRole('tab', { name: 'All 4', exact: true }).getAttribute('aria-selected')).toBe('true');
  expect(await page.getByRole('tab', { name: 'Active 3', exact: true }).count()).toBe(1);
  expect(await page.getByRole('tab', { name: 'Banned 1', exact: true }).count()).toBe(1);
  expect(page.errors).toEqual([]);
});

test('column headers sort by name, email, signup and last access, each way', async () => {
  const { appId } = await fixture.seed({ tags, users: people });
  const page = await fixture.open(appId);
  const header = (name: string) => page.getByRole('columnheader', { name });
  const sortBy = async (name: string) => header(name).getByRole('button').click();

  expect(await header('Signed up').getAttribute('aria-sort')).toBe('descending');
  await sortBy('Name');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'bob@example.net', 'Grace Hopper', 'Zed Young']);
  expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');
  expect(await header('Signed up').getAttribute('aria-sort')).toBe('none');
  await sortBy('Name');
  await eventually(() => shownNames(page), ['Zed Young', 'Grace Hopper', 'bob@example.net', 'Ada Lovelace']);
  expect(await header('Name').getAttribute('aria-sort')).toBe('descending');

  await sortBy('Email');
  await eventually(() => columnTexts(page, 3), ['ada@example.com', 'bob@example.net', 'grace@example.org', 'zed@example.com']);
  await sortBy('Signed up');
  await eventually(() => shownNames(page), ['bob@example.net', 'Ada Lovelace', 'Grace Hopper', 'Zed Young']);
  await sortBy('Signed up');
  await eventually(() => shownNames(page), ['Zed Young', 'Grace Hopper', 'Ada Lovelace', 'bob@example.net']);
  // Users who never came back count as the oldest.
  await sortBy('Last access');
  await eventually(() => shownNames(page), ['Zed Young', 'Ada Lovelace', 'bob@example.net', 'Grace Hopper']);
  await sortBy('Last access');
  await eventually(() => shownNames(page), ['Grace Hopper', 'bob@example.net', 'Ada Lovelace', 'Zed Young']);
});

test('cursor paging goes forwards to the end and back to exactly the pages it showed', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(12) });
  const page = await fixture.open(appId, { attributes: 'page-size="5"' });
  const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `Person ${String(from + index).padStart(2, '0')}`);
  const next = page.getByRole('button', { name: 'Next page' });
  const previous = page.getByRole('button', { name: 'Previous page' });
  const range = page.getByRole('navigation', { name: 'Pages' });

  expect(await shownNames(page)).toEqual(names(1, 5));
  expect(await previous.isDisabled()).toBe(true);
  await eventually(() => range.locator('.range').innerText(), 'Showing 1–5 of 12 · Page 1');
  await next.click();
  await eventually(() => shownNames(page), names(6, 10));
  await next.click();
  await eventually(() => shownNames(page), names(11, 12));
  expect(await next.isDisabled()).toBe(true);
  expect(await range.locator('.range').innerText()).toBe('Showing 11–12 of 12 · Page 3');
  await previous.click();
  await eventually(() => shownNames(page), names(6, 10));
  await previous.click();
  await eventually(() => shownNames(page), names(1, 5));
  expect(await previous.isDisabled()).toBe(true);

  // A new sort starts again from the first page.
  await next.click();
  await eventually(() => shownNames(page), names(6, 10));
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await eventually(() => shownNames(page), names(1, 5));
  expect(await range.locator('.range').innerText()).toBe('Showing 1–5 of 12 · Page 1');
});

test('the status dropdown asks for the ban in its dialog (reason, how long) and unbans at once; the host hears um-status-change', async () => {
  const { appId, userIds } = await fixture.seed({ tags, users: people });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('combobox', { name: 'Status for Grace Hopper' }).selectOption('BANNED');
  const dialog = page.getByRole('alertdialog', { name: 'Ban Grace Hopper?' });
  await dialog.waitFor();
  // Nothing is banned until the dialog is confirmed, and the row still says so.
  expect((await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status } }', { id: userIds['grace@example.org'] })).user.status).toBe('ACTIVE');
  expect(await page.getByRole('combobox', { name: 'Status for Grace Hopper' }).inputValue()).toBe('ACTIVE');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Chargeback on order 1234');
  await dialog.getByRole('radio', { name: '7 days' }).check();
  const asked = Date.now();
  await dialog.getByRole('button', { name: 'Ban Grace Hopper' }).click();
  await page.getByRole('status').getByText('Banned Grace Hopper').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('tab', { name: 'Banned 2', exact: true }).waitFor();
  const after = await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status bannedAt banReason bannedUntil } }', {
    id: userIds['grace@example.org'],
  });
  expect(after.user).toMatchObject({ status: 'BANNED', banReason: 'Chargeback on order 1234' });
  expect(after.user.bannedAt).not.toBeNull();
  expect(Math.abs(new Date(after.user.bannedUntil).getTime() - (asked + 7 * 86_400_000))).toBeLessThan(120_000);

  await page.getByRole('combobox', { name: 'Status for Zed Young' }).selectOption('ACTIVE');
  await page.getByRole('status').getByText('Unbanned Zed Young').waitFor();
  expect((await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status banReason } }', { id: userIds['zed@example.com'] })).user).toEqual({
    status: 'ACTIVE',
    banReason: null,
  });
  const events = (await recordedEvents(page)).filter((event) => event.type === 'um-status-change');
  expect(events).toEqual([
    {
      type: 'um-status-change',
      detail: { userIds: [userIds['grace@example.org']], status: 'BANNED', reason: 'Chargeback on order 1234' },
      composed: true,
      bubbles: true,
    },
    { type: 'um-status-change', detail: { userIds: [userIds['zed@example.com']], status: 'ACTIVE', reason: null }, composed: true, bubbles: true },
  ]);
});

test('selected rows are banned, unbanned, tagged and untagged together', async () => {
  const { appId, userIds, tagIds } = await fixture.seed({ tags, users: people });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  const status = (name: string) => page.getByRole('combobox', { name: `Status for ${name}` });
  const serverState = async () =>
    (await fixture.query(appId, '{ users(orderBy: { field: EMAIL, direction: ASC }) { edges { node { email status tags { name } } } } }')).users.edges.map(
      ({ node }: any) => `${node.email} ${node.status} ${node.tags.map((tag: any) => tag.name).join('+')}`,
    );

  await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).check();
  await page.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
  const bulk = page.getByRole('region', { name: 'Bulk actions' });
  await bulk.getByText('2 users selected').waitFor();

  await bulk.getByRole('button', { name: 'Ban selected', exact: true }).click();
  // The dialog says how many, and the ban lasts until unbanned unless a time is chosen.
  await page.getByRole('alertdialog', { name: 'Ban 2 users?' }).getByRole('button', { name: 'Ban 2 users' }).click();
  await page.getByRole('status').getByText('Banned 2 users').waitFor();
  expect([await status('Ada Lovelace').inputValue(), await status('Grace Hopper').inputValue()]).toEqual(['BANNED', 'BANNED']);
  await page.getByRole('tab', { name: 'Banned 3', exact: true }).waitFor();

  await bulk.getByRole('button', { name: 'Unban selected' }).click();
  await page.getByRole('status').getByText('Unbanned 2 users').waitFor();

  await bulk.getByRole('combobox', { name: 'Tag for the selected users' }).selectOption({ label: 'VIP' });
  await bulk.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('status').getByText('Tagged 2 users with "VIP"').waitFor();
  expect(await page.getByRole('button', { name: 'Tags for Grace Hopper' }).innerText()).toBe('1');
  expect(await page.getByRole('button', { name: 'Tags for Ada Lovelace' }).innerText()).toBe('2');
  expect(await serverState()).toEqual([
    'ada@example.com ACTIVE Beta+VIP',
    'bob@example.net ACTIVE Beta',
    'grace@example.org ACTIVE VIP',
    'zed@example.com BANNED ',
  ]);

  await bulk.getByRole('combobox', { name: 'Tag for the selected users' }).selectOption({ label: 'Beta' });
  await bulk.getByRole('button', { name: 'Remove tag' }).click();
  await page.getByRole('status').getByText('Removed "Beta" from 2 users').waitFor();
  expect(await serverState()).toEqual(['ada@example.com ACTIVE VIP', 'bob@example.net ACTIVE Beta', 'grace@example.org ACTIVE VIP', 'zed@example.com BANNED ']);

  // "Select all" takes every row of the page; "Clear selection" lets go of them.
  await bulk.getByRole('button', { name: 'Clear selection' }).click();
  await bulk.waitFor({ state: 'detached' });
  await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  await page.getByRole('region', { name: 'Bulk actions' }).getByText('4 users selected').waitFor();
  expect(await page.getByRole('checkbox', { name: /^Select (?!all)/ }).evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked))).toEqual([
    true,
    true,
    true,
    true,
  ]);

  const events = await recordedEvents(page);
  const both = [userIds['ada@example.com'], userIds['grace@example.org']];
  expect(events.filter((event) => event.type === 'um-tags-change').map((event) => event.detail)).toEqual([
    { userIds: both, added: [{ id: tagIds.VIP, name: 'VIP' }], removed: [] },
    { userIds: both, added: [], removed: [{ id: tagIds.Beta, name: 'Beta' }] },
  ]);
  expect(events.filter((event) => event.type === 'um-status-change').map((event) => event.detail.status)).toEqual(['BANNED', 'ACTIVE']);
});
