/**
 * The workflow with the keyboard alone: Tab, Shift+Tab, arrows, Enter,
 * Space and Escape — never the mouse. Each step checks where focus is and
 * what the server now holds.
 */
import { eventually, focusedName, pressTo, shownNames, tabTo, useWidgetFixture } from './support/widget-fixture';
import { numberedUsers } from './support/seed';

const fixture = useWidgetFixture();

const tags = [{ name: 'VIP' }, { name: 'Beta' }];
const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP'], signedUpAt: '2026-03-02T10:00:00Z', lastAccessAt: '2026-05-01T10:00:00Z' },
  { email: 'grace@example.org', name: 'Grace Hopper', signedUpAt: '2026-01-15T08:00:00Z' },
  { email: 'alan@example.org', name: 'Alan Turing', status: 'BANNED' as const, signedUpAt: '2025-12-01T08:00:00Z' },
];

test('search, tabs, sorting and the tag filter from the keyboard', async () => {
  const { appId } = await fixture.seed({ tags, users });
  const page = await fixture.open(appId);

  await tabTo(page, 'Search users');
  await page.keyboard.type('hopper');
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Grace Hopper']);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);

  // The tag filter opens with Enter, each tag's mode is a select, Escape closes it.
  await tabTo(page, 'Tag filter');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Filter by tag VIP');
  await page.keyboard.press('ArrowDown');
  await eventually(() => shownNames(page), ['Ada Lovelace']);
  await page.keyboard.press('ArrowUp');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
  await page.keyboard.press('Escape');
  expect(await focusedName(page)).toBe('Tag filter');

  // One Tab reaches the selected tab; arrows move between tabs and select them.
  await tabTo(page, /^All /);
  await page.keyboard.press('ArrowRight');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  expect(await focusedName(page)).toMatch(/^Active /);
  await page.keyboard.press('End');
  await eventually(() => shownNames(page), ['Alan Turing']);
  await page.keyboard.press('Home');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
  // Tab leaves the tab list at once (the other tabs are not in the Tab order), to the saved views.
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Save view');
  // The table is one Tab stop, on the first user's name; arrows move in it.
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Ada Lovelace');
  await page.keyboard.press('ArrowUp');
  expect(await focusedName(page)).toMatch(/^Name/);
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
  await page.keyboard.press('Space');
  await eventually(() => shownNames(page), ['Grace Hopper', 'Alan Turing', 'Ada Lovelace']);
});

test('status, tags, profile and bulk actions from the keyboard', async () => {
  const { appId, userIds } = await fixture.seed({ tags, users });
  const page = await fixture.open(appId);
  const serverUser = async (email: string) =>
    (await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status tags { name } } }', { id: userIds[email] })).user;

  // Into the grid, down to Grace, right to her status; Enter gives the list focus.
  // ArrowDown on it bans nobody: it opens the ban dialog, with focus on the reason.
  await tabTo(page, 'Ada Lovelace');
  await pressTo(page, 'ArrowDown', 'Grace Hopper');
  await pressTo(page, 'ArrowRight', 'Status for Grace Hopper');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  const ban = page.getByRole('alertdialog', { name: 'Ban Grace Hopper?' });
  await ban.waitFor();
  expect(await focusedName(page)).toBe('Reason');
  expect((await serverUser('grace@example.org')).status).toBe('ACTIVE');
  await page.keyboard.type('Spam');
  await tabTo(page, 'Ban Grace Hopper');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Banned Grace Hopper').waitFor();
  expect((await serverUser('grace@example.org')).status).toBe('BANNED');
  expect(await focusedName(page)).toBe('Status for Grace Hopper');
  // Unbanning needs no dialog.
  await page.keyboard.press('ArrowUp');
  await page.getByRole('status').getByText('Unbanned Grace Hopper').waitFor();
  // Escape leaves the list for its cell, where the arrows move again.
  await page.keyboard.press('Escape');
  expect(
    await page.evaluate(() =>
      document.querySelector('user-manager')!.shadowRoot!.querySelector('um-user-table')!.shadowRoot!.activeElement?.getAttribute('role'),
    ),
  ).toBe('gridcell');

  // The tag count opens the tag manager with focus in its field; Escape gives focus back.
  await pressTo(page, 'ArrowRight', 'Tags for Grace Hopper: 0');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Tags for Grace Hopper' }).waitFor();
  expect(await focusedName(page)).toBe('Add a tag');
  await page.keyboard.type('Beta');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Remove tag Beta' }).waitFor();
  // Tab stays inside the dialog.
  for (let index = 0; index < 6; index += 1) await page.keyboard.press('Tab');
  expect(await page.getByRole('dialog', { name: 'Tags for Grace Hopper' }).isVisible()).toBe(true);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Tags for Grace Hopper' }).waitFor({ state: 'hidden' });
  expect(await focusedName(page)).toBe('Tags for Grace Hopper: 1');
  // The count moves as soon as the tag is added; the server's answer may come a moment later on a busy machine.
  await eventually(async () => (await serverUser('grace@example.org')).tags, [{ name: 'Beta' }]);

  // The name opens the profile; "Last access" opens it too; Escape closes it.
  await pressTo(page, 'ArrowUp', 'Tags for Ada Lovelace: 1');
  await page.keyboard.press('Home');
  expect(await focusedName(page)).toBe('Select Ada Lovelace');
  await pressTo(page, 'ArrowRight', 'Ada Lovelace');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('region', { name: 'Account' }).getByText('ada@example.com').waitFor();
  expect(await focusedName(page)).toBe('Close');
  await page.keyboard.press('Escape');
  expect(await focusedName(page)).toBe('Ada Lovelace');
  await pressTo(page, 'ArrowRight', /^Last access of Ada Lovelace/);
  await page.keyboard.press('F2');
  await page.getByRole('dialog', { name: 'Ada Lovelace' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Ada Lovelace' }).waitFor({ state: 'hidden' });
  // Focus goes back to the cell's control once the dialog has closed (a frame later on a busy machine).
  await eventually(async () => /^Last access of Ada Lovelace/.test((await focusedName(page)) ?? ''), true);

  // Space selects rows; the bulk bar (before the table) bans them.
  await page.keyboard.press('Home');
  expect(await focusedName(page)).toBe('Select Ada Lovelace');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  expect(await focusedName(page)).toBe('Select Grace Hopper');
  await page.keyboard.press('Space');
  await page.getByText('2 users selected').waitFor();
  await tabTo(page, 'Ban selected', { backwards: true });
  await page.keyboard.press('Enter');
  await page.getByRole('alertdialog', { name: 'Ban 2 users?' }).waitFor();
  await tabTo(page, 'Ban 2 users');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Banned 2 users').waitFor();
  expect((await serverUser('ada@example.com')).status).toBe('BANNED');
  await tabTo(page, 'Tag for the selected users');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'Add tag');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Tagged 2 users with "VIP"').waitFor();
  expect((await serverUser('grace@example.org')).tags).toEqual([{ name: 'Beta' }, { name: 'VIP' }]);
});

test('paging from the keyboard: one Tab from the search to the pages, and each new page starts at its top', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(7) });
  const page = await fixture.open(appId, { attributes: 'page-size="3"' });
  await tabTo(page, 'Search users');
  // "Skip to pages" follows the search box.
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Skip to pages');
  await page.keyboard.press('Enter');
  expect(await focusedName(page)).toBe('Next page');
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Person 04', 'Person 05', 'Person 06']);
  // Focus and scroll go to the top of the new page.
  await eventually(() => focusedName(page), 'Person 04');
  const top = await page.locator('user-manager [role="grid"]').boundingBox();
  expect(top!.y).toBeGreaterThanOrEqual(0);
  expect(top!.y).toBeLessThan(page.viewportSize()!.height);
  await tabTo(page, 'Next page');
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Person 07']);
  await eventually(() => focusedName(page), 'Person 07');
  await tabTo(page, 'Previous page');
  await page.keyboard.press('Enter');
  await eventually(() => shownNames(page), ['Person 04', 'Person 05', 'Person 06']);
});

test('the grid: Home, End, Ctrl+Home, Ctrl+End, Page Up and Down, and arrows mirrored right to left', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(14) });
  const page = await fixture.open(appId, { attributes: 'page-size="14"' });
  await tabTo(page, 'Person 01');
  await page.keyboard.press('PageDown');
  expect(await focusedName(page)).toBe('Person 11');
  await page.keyboard.press('PageDown');
  expect(await focusedName(page)).toBe('Person 14');
  await page.keyboard.press('PageUp');
  expect(await focusedName(page)).toBe('Person 04');
  await page.keyboard.press('End');
  expect(await focusedName(page)).toBe('Actions for Person 04');
  await page.keyboard.press('Home');
  expect(await focusedName(page)).toBe('Select Person 04');
  await page.keyboard.press('Control+End');
  expect(await focusedName(page)).toBe('Actions for Person 14');
  await page.keyboard.press('Control+Home');
  expect(await focusedName(page)).toBe('Select all users on this page');
  // Tab leaves the grid from wherever it is, and comes back to the same cell.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Select all users on this page');

  await page.evaluate(() => document.querySelector('user-manager')!.setAttribute('dir', 'rtl'));
  await page.keyboard.press('ArrowDown');
  expect(await focusedName(page)).toBe('Select Person 01');
  await page.keyboard.press('ArrowLeft');
  expect(await focusedName(page)).toBe('Person 01');
  await page.keyboard.press('ArrowRight');
  expect(await focusedName(page)).toBe('Select Person 01');
});

test('import and export from the keyboard', async () => {
  const { appId } = await fixture.seed({ tags, users });
  const page = await fixture.open(appId);

  await tabTo(page, 'Export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);

  await tabTo(page, 'Import', { backwards: true });
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await dialog.waitFor();
  // Waiting from before the tabbing, so the browser intercepts the picker well before Space opens it.
  const picked = page.waitForEvent('filechooser', { timeout: 30_000 });
  await tabTo(page, 'CSV file');
  // Space opens the file picker, as it does for every file input.
  await page.keyboard.press('Space');
  const chooser = await picked;
  await chooser.setFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nnew1@example.com,New One\nnew2@example.com,New Two\n') });
  await tabTo(page, 'Add and update');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await dialog.getByRole('radio', { name: 'Check only' }).isChecked()).toBe(true);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await tabTo(page, 'Start import');
  await page.keyboard.press('Enter');
  await dialog.getByText('Import finished: 2 rows, all fine.').waitFor();
  expect(await focusedName(page)).toBe('Done');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  expect(await focusedName(page)).toBe('Import');
  await eventually(() => shownNames(page).then((names) => names.length), 5);
});
