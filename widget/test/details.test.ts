/**
 * The smaller things an admin meets: what the pager and an empty list say,
 * long names, the activity's wording, the import's template, recovery after
 * the server comes back, a page kept full after a delete, and a table that
 * does not move when the bulk bar appears.
 */
import { numberedUsers } from './support/seed';
import { eventually, row, shownNames, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

test('an empty page says why in the table, not "Page 1" in the pager; a signup range that ends before it starts says so and clears', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(4) });
  const page = await fixture.open(appId);
  await page.getByRole('searchbox', { name: 'Search users' }).fill('nobody at all');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await page.getByText('No users match these filters.').waitFor();
  expect(await page.getByRole('navigation', { name: 'Pages' }).innerText()).not.toMatch(/Page/);
  await page.getByRole('button', { name: 'Show all users' }).click();
  await eventually(async () => (await shownNames(page)).length, 4);

  await page.getByLabel('Signed up from').fill('2026-06-30');
  await page.getByLabel('Signed up to').fill('2026-06-01');
  await page.getByText('The end date is before the start date, so no user can match.').waitFor();
  await page.getByRole('button', { name: 'Clear the dates' }).click();
  await eventually(async () => (await shownNames(page)).length, 4);
});

test('a 120-character name ends in an ellipsis, with the whole name on hover and for screen readers', async () => {
  const long = `Maximiliana ${'Vandenberghe-'.repeat(8)}Okonkwo`.slice(0, 120);
  const { appId } = await fixture.seed({ users: [{ email: 'long@example.com', name: long }] });
  const page = await fixture.open(appId);
  const name = page.getByRole('button', { name: long, exact: true });
  expect(await name.getAttribute('title')).toBe(long);
  expect(await name.evaluate((element) => [getComputedStyle(element).textOverflow, element.scrollWidth > element.clientWidth])).toEqual(['ellipsis', true]);
});

test('a sign-in reads "Sign-in" once in the activity; after an import the template is still offered', async () => {
  const { appId } = await fixture.seed({
    users: [{ email: 'ada@example.com', name: 'Ada Lovelace' }],
    activity: [{ email: 'ada@example.com', kind: 'LOGIN', name: 'sign-in', occurredAt: new Date(Date.now() - 60_000).toISOString() }],
  });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const activity = page.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('region', { name: 'Activity' });
  await activity.getByText('Sign-in').waitFor();
  expect((await activity.getByRole('listitem').first().innerText()).replace(/\s+/g, ' ').trim()).toMatch(/^\d+:\d{2} [AP]M Sign-in$/);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await page.getByLabel('CSV file').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nnew@example.com,New Person\n') });
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Import finished' }).waitFor();
  await dialog.getByRole('button', { name: 'Download the template' }).waitFor();
});

test('when the server comes back the list loads again by itself, and the error goes', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(2) });
  let failing = true;
  const page = await fixture.open(appId, {
    shows: 'Could not load users: The server could not be reached.',
    prepare: async (page) => void (await page.route('**/graphql', (route) => (failing ? route.abort('connectionrefused') : route.continue()))),
  });
  await page.getByRole('alert').getByText('Could not load users: The server could not be reached.').waitFor();
  failing = false;
  await eventually(() => shownNames(page), ['Person 01', 'Person 02'], 15_000);
  expect(await page.getByText('Could not load users').count()).toBe(0);
});

test('a delete keeps the page full, and the table does not move when the bulk bar appears', async () => {
  const { appId } = await fixture.seed({ users: numberedUsers(5) });
  const page = await fixture.open(appId, { attributes: 'page-size="3"' });
  const table = page.getByRole('grid', { name: 'Users' });
  const before = (await table.boundingBox())!.y;
  await page.getByRole('checkbox', { name: 'Select Person 01' }).check();
  await page.getByRole('region', { name: 'Bulk actions' }).waitFor();
  expect((await table.boundingBox())!.y).toBe(before);
  await page.getByRole('checkbox', { name: 'Select Person 01' }).uncheck();

  await row(page, 'Person 02').getByRole('button', { name: 'Actions for Person 02' }).click();
  await page.getByRole('menuitem', { name: 'Delete user' }).click();
  await page.getByRole('alertdialog', { name: 'Delete Person 02?' }).getByRole('button', { name: 'Delete permanently' }).click();
  await page.getByRole('status').getByText('Deleted Person 02').waitFor();
  await eventually(() => shownNames(page), ['Person 01', 'Person 03', 'Person 04']);
});
