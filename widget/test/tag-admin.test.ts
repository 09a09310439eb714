/**
 * "Manage tags": the app's tags with colours and counts; rename, recolour
 * and delete (after a confirmation with the count), with the mouse and
 * from the keyboard alone, as a manager does it.
 */
import { eventually, focusedName, tabTo, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const TAGS = `query { tags { name color userCount } }`;
const serverTags = async (appId: string) => (await fixture.query(appId, TAGS)).tags as Array<{ name: string; color: string; userCount: number }>;
const userTags = async (appId: string, id: string) =>
  (await fixture.query(appId, `query ($id: ID!) { user(id: $id) { tags { name } } }`, { id })).user.tags.map((tag: { name: string }) => tag.name);

async function seeded() {
  return fixture.seed({
    tags: [
      { name: 'Beta', color: '#3b82f6' },
      { name: 'VIP', color: '#10b981' },
      { name: 'Unused', color: '#f59e0b' },
    ],
    users: [
      { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['Beta', 'VIP'] },
      { email: 'grace@example.org', name: 'Grace Hopper', tags: ['Beta'] },
    ],
  });
}

test('tags are listed with their counts; rename (with Undo), recolour and a confirmed delete change every user', async () => {
  const { appId, userIds } = await seeded();
  const page = await fixture.open(appId, { role: 'manager' });
  await page.getByRole('button', { name: 'Manage tags' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage tags' });
  const list = dialog.getByRole('list', { name: 'Tags' });
  expect((await list.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
    'Beta 2 users Rename Delete…',
    'Unused 0 users Rename Delete…',
    'VIP 1 user Rename Delete…',
  ]);

  await dialog.getByRole('button', { name: 'Rename Beta' }).click();
  await dialog.getByRole('textbox', { name: 'New name for Beta' }).fill('Beta testers');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Renamed the tag "Beta" to "Beta testers"').waitFor();
  await dialog.getByRole('button', { name: 'Rename Beta testers' }).waitFor();
  expect(await userTags(appId, userIds['grace@example.org']!)).toEqual(['Beta testers']);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('status').getByText('Undone: Renamed the tag "Beta" to "Beta testers"').waitFor();
  await eventually(async () => (await serverTags(appId)).map((tag) => tag.name), ['Beta', 'Unused', 'VIP']);

  await dialog.getByLabel('Colour of VIP').fill('#ff0000');
  await page.getByRole('status').getByText('Changed the colour of "VIP"').waitFor();
  expect((await serverTags(appId)).find((tag) => tag.name === 'VIP')?.color).toBe('#ff0000');

  await dialog.getByRole('button', { name: 'Delete Beta' }).click();
  const confirm = dialog.getByRole('group', { name: /Delete the tag Beta\?/ });
  await confirm.getByText('2 users lose it. This cannot be undone.').waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await serverTags(appId)).map((tag) => tag.name)).toContain('Beta');
  await dialog.getByRole('button', { name: 'Delete Beta' }).click();
  await dialog.getByRole('button', { name: 'Delete "Beta" from 2 users' }).click();
  await page.getByRole('status').getByText('Deleted the tag "Beta", taken off 2 users').waitFor();
  await eventually(() => list.getByRole('listitem').count(), 2);
  expect((await serverTags(appId)).map((tag) => tag.name)).toEqual(['Unused', 'VIP']);
  expect(await userTags(appId, userIds['ada@example.com']!)).toEqual(['VIP']);
  expect(await userTags(appId, userIds['grace@example.org']!)).toEqual([]);
});

test('from the keyboard alone: Enter renames, Escape leaves the rename (not the dialog), Enter confirms a delete', async () => {
  const { appId } = await seeded();
  const page = await fixture.open(appId, { role: 'manager' });
  await page.getByRole('button', { name: 'Manage tags' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Manage tags' });
  await dialog.waitFor();
  await tabTo(page, 'Rename VIP');
  await page.keyboard.press('Enter');
  await expect(focusedName(page)).resolves.toBe('New name for VIP');
  await page.keyboard.press('Escape');
  await expect(focusedName(page)).resolves.toBe('Rename VIP');
  expect(await dialog.isVisible()).toBe(true);

  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Beta');
  await page.keyboard.press('Enter');
  // A name another tag has is refused before it is sent; one the server refuses says why.
  await dialog.getByRole('alert').getByText('There is already a tag named "Beta"').waitFor();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('V;IP');
  await page.keyboard.press('Enter');
  await dialog.getByRole('alert').getByText('The name must not contain ";" (CSV files separate tags with it)').waitFor();
  await expect(focusedName(page)).resolves.toBe('Rename VIP');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Gold');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Renamed the tag "VIP" to "Gold"').waitFor();
  await expect(focusedName(page)).resolves.toBe('Rename Gold');

  await tabTo(page, 'Delete Unused');
  await page.keyboard.press('Enter');
  await expect(focusedName(page)).resolves.toBe('Delete "Unused"');
  await dialog.getByText('No user has it. This cannot be undone.').waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Deleted the tag "Unused"').waitFor();
  expect((await serverTags(appId)).map((tag) => tag.name)).toEqual(['Beta', 'Gold']);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await expect(focusedName(page)).resolves.toBe('Manage tags');
});
