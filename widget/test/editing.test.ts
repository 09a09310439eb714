/**
 * Adding users and editing them in the profile panel, as an admin does it:
 * a form from the app's profile fields, the server's refusals on the field
 * they name, the panel's own actions. With the mouse, and from the keyboard alone.
 */
import type { Page } from 'playwright-core';
import { focusedName, row, shownNames, tabTo, useWidgetFixture } from './support/widget-fixture';
import type { SeedFixture } from './support/seed';

const fixture = useWidgetFixture();

const FIELDS: SeedFixture['fields'] = [
  { key: 'company', label: 'Company', type: 'TEXT' },
  { key: 'seats', label: 'Seats', type: 'NUMBER' },
  { key: 'renewal', label: 'Renewal date', type: 'DATE' },
  { key: 'newsletter', label: 'Newsletter', type: 'BOOLEAN' },
  { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free', 'Pro'] },
];

const USER = `query ($email: String!) { users(filter: { search: $email }) { edges { node { id email name status profile tags { name } } } } }`;
const serverUser = async (appId: string, email: string) => (await fixture.query(appId, USER, { email })).users.edges.map((edge: any) => edge.node)[0];

/** An app whose Seats and Plan are required, with two tags and one user. */
async function appWithFields() {
  const seeded = await fixture.seed({
    fields: FIELDS,
    tags: [{ name: 'Beta' }, { name: 'VIP' }],
    users: [{ email: 'grace@example.org', name: 'Grace Hopper', profile: { company: 'Navy', plan: 'Free' }, tags: ['Beta'] }],
  });
  // Required after Grace was added: the form must ask for them.
  await fixture.server.db.execute(`UPDATE profile_fields SET required = true WHERE app_id = $1 AND key IN ('seats', 'plan')`, [seeded.appId]);
  return seeded;
}

const invalid = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true }).getAttribute('aria-invalid');

test('"Add user" asks for every field by its type, puts the server\'s refusals on their fields, and adds the user', async () => {
  const { appId } = await appWithFields();
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await expect(focusedName(page)).resolves.toBe('Email');
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('ada-at-example');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByRole('textbox', { name: 'Company' }).fill('Analytical Engines');
  await dialog.getByRole('textbox', { name: 'Renewal date' }).fill('2027-01-31');
  await dialog.getByRole('combobox', { name: 'Newsletter' }).selectOption('Yes');
  await dialog.getByRole('checkbox', { name: 'VIP' }).check();

  // Required fields the form can check itself.
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await dialog.getByText('Seats is required').waitFor();
  await dialog.getByText('Plan is required').waitFor();
  await expect(focusedName(page)).resolves.toBe('Seats');
  await dialog.getByRole('textbox', { name: 'Seats' }).fill('twelve');
  await dialog.getByRole('combobox', { name: 'Plan' }).selectOption('Pro');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await dialog.getByText('Seats must be a number').waitFor();
  await dialog.getByRole('textbox', { name: 'Seats' }).fill('12');

  // The server's refusals, each on its field, one after the other.
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await dialog.getByText('Email "ada-at-example" is not a valid email address').waitFor();
  expect(await invalid(page, 'Email')).toBe('true');
  await expect(focusedName(page)).resolves.toBe('Email');
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('ada@example.com');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await dialog.getByText(/^Password must be 8 to 128 characters long/).waitFor();
  expect(await dialog.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
  await dialog.getByLabel('Password').fill('analytical engine 1843');
  await dialog.getByRole('button', { name: 'Add user' }).click();

  await page.getByRole('status').getByText('Added Ada Lovelace').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await row(page, 'Ada Lovelace').waitFor();
  expect(await serverUser(appId, 'ada@example.com')).toMatchObject({
    name: 'Ada Lovelace',
    status: 'ACTIVE',
    profile: { company: 'Analytical Engines', seats: 12, renewal: '2027-01-31', newsletter: true, plan: 'Pro' },
    tags: [{ name: 'VIP' }],
  });
  const service = await fixture.server.client(appId, 'service');
  await service.ok(`mutation { verifyCredentials(email: "ada@example.com", password: "analytical engine 1843") { id } }`);
});

test('"Add user" from the keyboard alone: Enter opens it, Tab moves through it, Enter adds', async () => {
  const { appId } = await appWithFields();
  const page = await fixture.open(appId);
  await page.getByRole('searchbox').focus();
  await tabTo(page, 'Add user', { backwards: true });
  await page.keyboard.press('Enter');
  await expect(focusedName(page)).resolves.toBe('Email');
  await page.keyboard.type('kay@example.com');
  await tabTo(page, 'Name');
  await page.keyboard.type('Kay Antonelli');
  await tabTo(page, 'Seats');
  await page.keyboard.type('3');
  await tabTo(page, 'Plan');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'Company', { backwards: true });
  await page.keyboard.type('ENIAC');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Added Kay Antonelli').waitFor();
  expect(await serverUser(appId, 'kay@example.com')).toMatchObject({ name: 'Kay Antonelli', profile: { company: 'ENIAC', seats: 3, plan: 'Free' } });
  // Focus goes back where the dialog was opened from.
  await expect(focusedName(page)).resolves.toBe('Add user');
});

test("the profile panel edits name, email, profile values and tags in place, with the server's refusal on its field", async () => {
  const { appId } = await appWithFields();
  await (
    await fixture.server.client(appId, 'admin')
  ).ok(`mutation { createUser(input: { email: "taken@example.com", profile: { seats: 1, plan: "Free" } }) { id } }`);
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Grace Hopper', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Grace Hopper' });
  await panel.getByRole('button', { name: 'Edit' }).click();
  await expect(focusedName(page)).resolves.toBe('Email');
  // Starts from what Grace has.
  expect(await panel.getByRole('textbox', { name: 'Company' }).inputValue()).toBe('Navy');
  expect(await panel.getByRole('checkbox', { name: 'Beta' }).isChecked()).toBe(true);

  await panel.getByRole('textbox', { name: 'Email', exact: true }).fill('taken@example.com');
  await panel.getByRole('textbox', { name: 'Seats' }).fill('40');
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText('A user with email taken@example.com already exists').waitFor();
  expect(await invalid(page, 'Email')).toBe('true');
  await expect(focusedName(page)).resolves.toBe('Email');

  await panel.getByRole('textbox', { name: 'Email', exact: true }).fill('grace@navy.example');
  await panel.getByRole('textbox', { name: 'Name', exact: true }).fill('Grace B. Hopper');
  await panel.getByRole('textbox', { name: 'Company' }).fill('');
  await panel.getByRole('combobox', { name: 'Plan' }).selectOption('Pro');
  await panel.getByRole('checkbox', { name: 'Beta' }).uncheck();
  await panel.getByRole('checkbox', { name: 'VIP' }).check();
  await panel.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Saved the changes to Grace B. Hopper').waitFor();
  await expect(focusedName(page)).resolves.toBe('Edit');

  const saved = await serverUser(appId, 'grace@navy.example');
  expect(saved).toMatchObject({ name: 'Grace B. Hopper', profile: { seats: 40, plan: 'Pro' }, tags: [{ name: 'VIP' }] });
  expect(saved.profile).not.toHaveProperty('company');
  // The panel and the row show it, and the history has the edit.
  const shown = page.getByRole('dialog', { name: 'Grace B. Hopper' });
  await shown.getByRole('definition').filter({ hasText: 'grace@navy.example' }).waitFor();
  await shown.getByRole('definition').filter({ hasText: /^40$/ }).waitFor();
  await shown.getByText('Seats: — → 40').waitFor();
  expect(await shownNames(page)).toContain('Grace B. Hopper');

  // Cancel leaves everything as it is.
  await shown.getByRole('button', { name: 'Edit' }).click();
  await shown.getByRole('textbox', { name: 'Name', exact: true }).fill('Someone else');
  await shown.getByRole('button', { name: 'Cancel' }).click();
  await shown.getByRole('button', { name: 'Edit' }).waitFor();
  expect((await serverUser(appId, 'grace@navy.example')).name).toBe('Grace B. Hopper');
});

test("the profile panel carries the row's actions: ban through the dialog, unban, reset password, delete", async () => {
  const { appId } = await appWithFields();
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Grace Hopper', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Grace Hopper' });
  const actions = panel.getByRole('group', { name: 'Actions for Grace Hopper' });

  await actions.getByRole('button', { name: 'Ban…' }).click();
  const ban = page.getByRole('alertdialog', { name: 'Ban Grace Hopper?' });
  await ban.getByRole('textbox', { name: 'Reason' }).fill('Asked to close the account');
  await ban.getByRole('radio', { name: '7 days' }).check();
  await ban.getByRole('button', { name: 'Ban Grace Hopper' }).click();
  await page.getByRole('status').getByText('Banned Grace Hopper').waitFor();
  const banned = await serverUser(appId, 'grace@example.org');
  expect(banned.status).toBe('BANNED');
  const { user } = await fixture.query(appId, `query ($id: ID!) { user(id: $id) { banReason bannedUntil } }`, { id: banned.id });
  expect(user.banReason).toBe('Asked to close the account');
  expect(Math.abs(new Date(user.bannedUntil).getTime() - Date.now() - 7 * 86_400_000)).toBeLessThan(120_000);
  // The panel stayed open beneath the dialog and shows the ban.
  await panel.getByText('Asked to close the account').first().waitFor();

  await actions.getByRole('button', { name: 'Unban' }).click();
  await page.getByRole('status').getByText('Unbanned Grace Hopper').waitFor();
  expect((await serverUser(appId, 'grace@example.org')).status).toBe('ACTIVE');

  await actions.getByRole('button', { name: 'Reset password…' }).click();
  await page.getByRole('dialog', { name: 'Reset password for Grace Hopper' }).getByRole('button', { name: 'Cancel' }).click();

  await actions.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Grace Hopper?' });
  await confirm.getByText('It cannot be undone.').waitFor();
  await confirm.getByRole('button', { name: 'Delete permanently' }).click();
  await page.getByRole('status').getByText('Deleted Grace Hopper').waitFor();
  await panel.waitFor({ state: 'hidden' });
  expect(await serverUser(appId, 'grace@example.org')).toBeUndefined();
});

test('each role sees the panel actions it may use, and only admins add users', async () => {
  const { appId } = await appWithFields();
  const seen = async (role: 'viewer' | 'manager' | 'admin') => {
    const page = await fixture.open(appId, { role });
    await page.getByRole('button', { name: 'Grace Hopper', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Grace Hopper' });
    await panel.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const names = await panel.getByRole('group', { name: 'Actions for Grace Hopper' }).getByRole('button').allInnerTexts();
    const add = await page.getByRole('button', { name: 'Add user' }).count();
    const tags = await page.getByRole('button', { name: 'Manage tags' }).count();
    await page.close();
    return { actions: names.map((name) => name.trim()), add, tags };
  };
  expect(await seen('viewer')).toEqual({ actions: [], add: 0, tags: 0 });
  expect(await seen('manager')).toEqual({ actions: ['Ban…'], add: 0, tags: 1 });
  expect(await seen('admin')).toEqual({ actions: ['Edit', 'Ban…', 'Reset password…', 'Delete…'], add: 1, tags: 1 });
});
