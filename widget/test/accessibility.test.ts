/**
 * axe-core on every view of the element, light and dark: no serious or
 * critical violation (contrast, names, roles, ARIA use) anywhere.
 */
import { seriousViolations } from './support/axe';
import { banFromRow, holdOperation, RECORD_EVENTS, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const fields = [
  { key: 'company', label: 'Company', type: 'TEXT' as const },
  { key: 'newsletter', label: 'Newsletter opt-in', type: 'BOOLEAN' as const },
];
const tags = [
  { name: 'VIP', color: '#f59e0b' },
  { name: 'Beta', color: '#8b5cf6' },
];
const users = [
  {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    tags: ['VIP'],
    profile: { company: 'Analytical Engines', newsletter: true },
    lastAccessAt: '2026-05-01T10:00:00Z',
  },
  { email: 'grace@example.org', name: 'Grace Hopper', tags: ['Beta'] },
  { email: 'nobody@example.net', name: null, status: 'BANNED' as const, banReason: 'Spam' },
];

for (const theme of ['light', 'dark'] as const) {
  test(`every view passes axe in the ${theme} theme`, async () => {
    const { appId } = await fixture.seed({ fields, tags, users });
    const page = await fixture.open(appId, { attributes: `theme="${theme}"`, script: RECORD_EVENTS, colorScheme: theme });
    const check = async (view: string) => {
      await page.locator('[role="grid"][aria-busy="false"]').waitFor();
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    };
    await page.getByRole('tab', { name: 'All 3', exact: true }).waitFor();
    await check('table');

    await page.getByRole('button', { name: 'Tag filter' }).click();
    await page.getByRole('combobox', { name: 'Filter by tag VIP' }).selectOption('all');
    await page.getByRole('button', { name: 'Clear filters' }).waitFor();
    await check('tag filter open');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await page.getByRole('checkbox', { name: 'Select Ada Lovelace' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).waitFor();
    await check('bulk actions');
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Ban selected', exact: true }).click();
    const ban = page.getByRole('alertdialog', { name: 'Ban Ada Lovelace?' });
    await ban.getByRole('radio', { name: 'Until a date' }).check();
    await ban.getByLabel('Ban until').waitFor();
    await check('ban dialog');
    await ban.getByRole('radio', { name: '30 days' }).check();
    await ban.getByRole('button', { name: 'Ban Ada Lovelace' }).click();
    await page.getByRole('status').getByText('Banned Ada Lovelace').waitFor();
    await check('confirmation message');

    await page.getByRole('button', { name: 'nobody@example.net', exact: true }).click();
    await page.getByRole('dialog', { name: 'nobody@example.net' }).getByRole('region', { name: 'Ban' }).getByText('Spam').waitFor();
    await check('profile panel with ban details');
    await page.getByRole('dialog', { name: 'nobody@example.net' }).getByRole('button', { name: 'Change tags' }).click();
    await page.getByRole('dialog', { name: 'Tags for nobody@example.net' }).waitFor();
    await check('tag manager');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page.getByRole('searchbox', { name: 'Search users' }).fill('no such person');
    await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
    await page.getByText('No users match these filters.').waitFor();
    await check('empty');
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`the row menu, delete and reset dialogs, import and the profile's activity and history pass axe in the ${theme} theme`, async () => {
    const { appId } = await fixture.seed({
      fields,
      tags,
      users,
      activity: [
        { email: 'ada@example.com', kind: 'PAGE_VIEW', name: '/billing', occurredAt: new Date(Date.now() - 3_600_000).toISOString() },
        { email: 'ada@example.com', kind: 'LOGIN', name: 'sign-in', occurredAt: new Date(Date.now() - 86_400_000).toISOString() },
      ],
    });
    const page = await fixture.open(appId, { attributes: `theme="${theme}"`, colorScheme: theme, permissions: ['clipboard-read', 'clipboard-write'] });
    const check = async (view: string) => {
      await page.locator('[role="grid"][aria-busy="false"]').waitFor();
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    };

    await page.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menu').waitFor();
    await check('row menu');
    await page.getByRole('menuitem', { name: 'Delete user' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Grace Hopper?' }).waitFor();
    await check('delete confirmation');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: 'Reset password' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset password for Grace Hopper' });
    await check('reset password');
    await reset.getByRole('button', { name: 'Copy one-time link' }).click();
    await reset.getByRole('textbox', { name: 'One-time reset link' }).waitFor();
    await check('reset password link');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import users' });
    await check('import');
    await importDialog
      .getByLabel('CSV file')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nnot-an-email,X\nok@example.com,Ok\n') });
    await importDialog.getByRole('button', { name: 'Start import' }).click();
    await importDialog.getByRole('table', { name: 'Failed rows' }).waitFor();
    await check('import result with failed rows');
    await importDialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: /^Last access of Ada Lovelace/ }).click();
    const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
    await panel.getByRole('region', { name: 'Activity' }).getByText('/billing').waitFor();
    await panel
      .getByRole('region', { name: 'History' })
      .getByText(/Created by/)
      .waitFor();
    await check('profile with activity and history');
  });
}

test('the error states pass axe', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { noToken: true, attributes: 'token="refused"', shows: /Could not load users/ });
  await page
    .getByRole('alert')
    .getByText(/Could not load users/)
    .waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // A refusal after the fact: the user went away before the ban reached the server.
  let hold!: Awaited<ReturnType<typeof holdOperation>>;
  const refused = await fixture.open(appId, { prepare: async (page) => void (hold = await holdOperation(page, 'SetUserStatus')) });
  await banFromRow(refused, 'Grace Hopper');
  await hold.held;
  const { users: found } = await fixture.query(appId, '{ users(filter: { search: "grace" }) { edges { node { id } } } }');
  await fixture.query(appId, 'mutation ($id: ID!) { deleteUser(id: $id) }', { id: found.edges[0].node.id });
  hold.release();
  await refused
    .getByRole('alert')
    .getByText(/Could not ban Grace Hopper/)
    .waitFor();
  expect(await seriousViolations(refused)).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`Add user with its field errors, the profile's edit form and actions, Manage tags and the bulk delete pass axe in the ${theme} theme`, async () => {
    const { appId } = await fixture.seed({
      fields: [...fields, { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free', 'Pro'] }, { key: 'renewal', label: 'Renewal date', type: 'DATE' }],
      tags,
      users,
    });
    const page = await fixture.open(appId, { attributes: `theme="${theme}"`, colorScheme: theme });
    const check = async (view: string) => {
      await page.locator('[role="grid"][aria-busy="false"]').waitFor();
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    };
    await page.getByRole('tab', { name: 'All 3', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await check('add user');
    await add.getByRole('textbox', { name: 'Email', exact: true }).fill('not-an-email');
    await add.getByRole('button', { name: 'Add user' }).click();
    await add.getByText(/is not a valid email address/).waitFor();
    await check('add user with a field error');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
    await panel.getByRole('group', { name: 'Actions for Ada Lovelace' }).waitFor();
    await panel.getByRole('region', { name: 'Profile' }).getByText('Analytical Engines').waitFor();
    await check('profile actions');
    await panel.getByRole('button', { name: 'Edit' }).click();
    await panel.getByRole('textbox', { name: 'Email', exact: true }).fill('grace@example.org');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('A user with email grace@example.org already exists').waitFor();
    await check('profile edit form with a field error');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Manage tags' }).click();
    const admin = page.getByRole('dialog', { name: 'Manage tags' });
    await admin.getByRole('button', { name: 'Rename VIP' }).click();
    await check('manage tags, renaming');
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('button', { name: 'Delete Beta' }).click();
    await admin.getByRole('button', { name: 'Delete "Beta" from 1 user' }).waitFor();
    await check('manage tags, confirming a delete');
    await admin.getByLabel('Colour of VIP').fill('#22c55e');
    await page.getByRole('status').getByText('Changed the colour of "VIP"').waitFor();
    await check('manage tags with a notice and Undo');
    await page.keyboard.press('Escape');

    await page.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete selected…' }).click();
    await page.getByRole('alertdialog', { name: 'Delete 1 user?' }).waitFor();
    await check('bulk delete');
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`columns, saved views and the phone's cards pass axe in the ${theme} theme`, async () => {
    const { appId, tagIds } = await fixture.seed({ fields, tags, users });
    await fixture.query(appId, 'mutation ($input: SavedViewInput!) { saveView(input: $input) { id } }', {
      input: { name: 'VIPs', filter: { tags: { all: [tagIds.VIP] } } },
    });
    const page = await fixture.open(appId, { attributes: `theme="${theme}" columns="name,email,company,newsletter,tags"`, colorScheme: theme });
    const check = async (view: string) => {
      await page.locator('[role="grid"][aria-busy="false"]').waitFor();
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    };
    await page.getByRole('group', { name: 'Saved views' }).getByRole('button', { name: /^VIPs/ }).waitFor();
    await check('profile and tag columns, saved views');
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Columns' }).waitFor();
    await check('column chooser open');
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Saved views' }).getByRole('button', { name: /^VIPs/ }).click();
    await page.getByRole('group', { name: 'Saved views' }).getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('textbox', { name: 'Name of the new view' }).waitFor();
    await check('a saved view open, naming a new one');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Filters' }).click();
    await check('phone: cards and the filters unfolded');
  });
}
