/**
 * The row menu as an admin uses it: "Reset password" by email or as a
 * one-time link (copied, and usable), and "Delete user" behind a
 * confirmation that names the user, says it is permanent and offers a ban
 * instead.
 */
import { eventually, focusedName, holdOperation, RECORD_EVENTS, recordedEvents, shownNames, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', signedUpAt: '2026-03-02T10:00:00Z' },
  { email: 'grace@example.org', name: 'Grace Hopper', signedUpAt: '2026-01-15T08:00:00Z' },
];

test('"Send email" starts a reset by mail and says until when the link works', async () => {
  const { appId, userIds } = await fixture.seed({ users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Actions for Ada Lovelace' }).click();
  await page.getByRole('menu', { name: 'Actions for Ada Lovelace' }).getByRole('menuitem', { name: 'Reset password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset password for Ada Lovelace' });
  await dialog.getByRole('button', { name: 'Send email' }).click();
  await dialog.getByRole('status').getByText('A reset link was emailed to ada@example.com.').waitFor();
  await dialog.getByText(/^It works once, until \w{3} \d+, \d{4}, \d+:\d{2} [AP]M\.$/).waitFor();
  expect((await recordedEvents(page)).filter((event) => event.type === 'um-password-reset').map((event) => event.detail)).toEqual([
    { userId: userIds['ada@example.com'], delivery: 'EMAIL' },
  ]);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await focusedName(page)).toBe('Actions for Ada Lovelace');
});

test('"Copy one-time link" copies a link that resets the password once', async () => {
  const { appId, userIds } = await fixture.seed({ users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
  await page.getByRole('menuitem', { name: 'Reset password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset password for Grace Hopper' });
  await dialog.getByRole('button', { name: 'Copy one-time link' }).click();
  await dialog.getByText('The one-time link is copied to your clipboard.').waitFor();
  const shown = await dialog.getByRole('textbox', { name: 'One-time reset link' }).inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  expect(shown).toMatch(new RegExp(`^${fixture.server.url.replace(/[.:/]/g, '\\$&')}/reset-password\\?token=[\\w-]{43}$`));

  const token = new URL(shown).searchParams.get('token');
  const completed = await fetch(`${fixture.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($token: String!) { completePasswordReset(token: $token, newPassword: "a-new-password-1") }',
      variables: { token },
    }),
  });
  expect(((await completed.json()) as { data: unknown }).data).toEqual({ completePasswordReset: true });
  expect((await recordedEvents(page)).filter((event) => event.type === 'um-password-reset').map((event) => event.detail)).toEqual([
    { userId: userIds['grace@example.org'], delivery: 'LINK' },
  ]);
});

test('the delete confirmation names the user, says it is permanent, and bans instead when asked', async () => {
  const { appId, userIds } = await fixture.seed({ users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Actions for Ada Lovelace' }).click();
  await page.getByRole('menuitem', { name: 'Delete user' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Ada Lovelace?' });
  await confirm.waitFor();
  expect(await confirm.locator('p').first().innerText()).toBe(
    'This permanently deletes Ada Lovelace (ada@example.com) with their tags, activity and password reset links. It cannot be undone.',
  );
  expect(await focusedName(page)).toBe('Cancel');

  // "Ban instead" asks for the ban like any ban does.
  await confirm.getByRole('button', { name: 'Ban instead' }).click();
  await confirm.waitFor({ state: 'hidden' });
  const ban = page.getByRole('alertdialog', { name: 'Ban Ada Lovelace?' });
  await ban.getByRole('textbox', { name: 'Reason' }).fill('Asked to leave; keeping the records');
  await ban.getByRole('button', { name: 'Ban Ada Lovelace' }).click();
  await page.getByRole('status').getByText('Banned Ada Lovelace').waitFor();
  expect(await page.getByRole('combobox', { name: 'Status for Ada Lovelace' }).inputValue()).toBe('BANNED');
  const user = await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status banReason } }', { id: userIds['ada@example.com'] });
  expect(user.user).toEqual({ status: 'BANNED', banReason: 'Asked to leave; keeping the records' });
  expect((await recordedEvents(page)).filter((event) => event.type === 'um-user-delete')).toEqual([]);

  // A banned user is not offered the ban again.
  await page.getByRole('button', { name: 'Actions for Ada Lovelace' }).click();
  await page.getByRole('menuitem', { name: 'Delete user' }).click();
  await confirm.getByText('Ada Lovelace is already banned and cannot sign in.').waitFor();
  expect(await confirm.getByRole('button', { name: 'Ban instead' }).count()).toBe(0);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  expect(await shownNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
});

test('"Delete permanently" deletes the user, takes the row away and tells the host', async () => {
  const { appId, userIds } = await fixture.seed({ users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
  await page.getByRole('menuitem', { name: 'Delete user' }).click();
  await page.getByRole('alertdialog', { name: 'Delete Grace Hopper?' }).getByRole('button', { name: 'Delete permanently' }).click();
  await page.getByRole('status').getByText('Deleted Grace Hopper').waitFor();
  await eventually(() => shownNames(page), ['Ada Lovelace']);
  await page.getByRole('tab', { name: 'All 1', exact: true }).waitFor();
  expect((await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { id } }', { id: userIds['grace@example.org'] })).user).toBeNull();
  expect((await recordedEvents(page)).filter((event) => event.type === 'um-user-delete').map((event) => event.detail)).toEqual([
    { userId: userIds['grace@example.org'], email: 'grace@example.org' },
  ]);
});

test('a delete the server refuses stays in the dialog with the reason, and nothing is removed', async () => {
  const { appId, userIds } = await fixture.seed({ users });
  let hold!: Awaited<ReturnType<typeof holdOperation>>;
  const page = await fixture.open(appId, { prepare: async (page) => void (hold = await holdOperation(page, 'DeleteUser')) });
  await page.getByRole('button', { name: 'Actions for Ada Lovelace' }).click();
  await page.getByRole('menuitem', { name: 'Delete user' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Ada Lovelace?' });
  await confirm.getByRole('button', { name: 'Delete permanently' }).click();
  await hold.held;
  // Someone else deletes her first: the server no longer finds her.
  await fixture.query(appId, 'mutation ($id: ID!) { deleteUser(id: $id) }', { id: userIds['ada@example.com'] });
  hold.release();
  await confirm.getByRole('alert').getByText('Could not delete Ada Lovelace: User was not found').waitFor();
  expect(await shownNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
});

test('each role sees the controls it may use: viewers read, managers ban and tag, admins do everything', async () => {
  const { appId } = await fixture.seed({ users });
  const controls = async (role: 'viewer' | 'manager' | 'admin') => {
    let roleRead!: Promise<unknown>;
    const page = await fixture.open(appId, {
      role,
      prepare: (page) => {
        roleRead = page.waitForResponse((response) => response.request().postDataJSON()?.operationName === 'Me');
        return Promise.resolve();
      },
    });
    await page.getByRole('tab', { name: 'All 2', exact: true }).waitFor();
    // The element shows what the role allows once it has read the role.
    await roleRead;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const count = (locator: ReturnType<typeof page.getByRole>) => locator.count();
    const seen = {
      status: await count(page.getByRole('combobox', { name: 'Status for Ada Lovelace' })),
      select: await count(page.getByRole('checkbox', { name: 'Select Ada Lovelace' })),
      tags: await count(page.getByRole('button', { name: /^Tags for Ada Lovelace/ })),
      menu: await count(page.getByRole('button', { name: 'Actions for Ada Lovelace' })),
      import: await count(page.getByRole('button', { name: 'Import' })),
      export: await count(page.getByRole('button', { name: 'Export' })),
    };
    await page.close();
    return seen;
  };
  expect(await controls('viewer')).toEqual({ status: 0, select: 0, tags: 0, menu: 0, import: 0, export: 0 });
  expect(await controls('manager')).toEqual({ status: 1, select: 1, tags: 1, menu: 0, import: 0, export: 0 });
  expect(await controls('admin')).toEqual({ status: 1, select: 1, tags: 1, menu: 1, import: 1, export: 1 });
});

test('the row menu from the keyboard: arrows, Enter, Escape, and focus back on its cell', async () => {
  const { appId } = await fixture.seed({ users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Actions for Ada Lovelace' }).focus();
  await page.keyboard.press('Enter');
  expect(await focusedName(page)).toBe('Reset password');
  await page.keyboard.press('ArrowDown');
  expect(await focusedName(page)).toBe('Delete user');
  await page.keyboard.press('ArrowDown');
  expect(await focusedName(page)).toBe('Reset password');
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  expect(await focusedName(page)).toBe('Actions for Ada Lovelace');

  // In the grid the arrows move between cells: Enter (or Space, or F2) opens the menu again.
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  expect(await focusedName(page)).toBe('Delete user');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Delete Ada Lovelace?' });
  await confirm.waitFor();
  expect(await focusedName(page)).toBe('Cancel');
  const seen = new Set<string | null>();
  for (let index = 0; index < 6; index += 1) {
    await page.keyboard.press('Tab');
    seen.add(await focusedName(page));
  }
  expect([...seen].sort()).toEqual(['Ban instead', 'Cancel', 'Close', 'Delete permanently']);
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'hidden' });
  expect(await focusedName(page)).toBe('Actions for Ada Lovelace');
  expect(await shownNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
});
