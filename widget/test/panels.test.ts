/**
 * The tag manager and the profile panel as an admin uses them: tags added
 * (an existing one in any case, or a new one created on the spot) and
 * removed; the profile's fields with their labels, tags and ban details;
 * dialogs that keep focus inside, close on Escape and give focus back.
 */
import { eventually, focusedName as focused, RECORD_EVENTS, recordedEvents, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const fields = [
  { key: 'company', label: 'Company', type: 'TEXT' as const },
  { key: 'plan', label: 'Plan', type: 'SELECT' as const, options: ['Free', 'Pro'] },
  { key: 'seats', label: 'Seats', type: 'NUMBER' as const },
  { key: 'newsletter', label: 'Newsletter opt-in', type: 'BOOLEAN' as const },
  { key: 'birthday', label: 'Birthday', type: 'DATE' as const },
];
const tags = [
  { name: 'VIP', color: '#f59e0b' },
  { name: 'Beta tester', color: '#8b5cf6' },
];
const users = [
  {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    tags: ['VIP'],
    profile: { company: 'Analytical Engines', plan: 'Pro', seats: 1200, newsletter: true, birthday: '1815-12-10' },
    signedUpAt: '2026-03-02T10:00:00Z',
  },
  {
    email: 'alan@example.org',
    name: 'Alan Turing',
    tags: [],
    status: 'BANNED' as const,
    banReason: 'Chargeback fraud',
    bannedUntil: '2099-01-31T12:00:00Z',
    profile: { plan: 'Free' },
  },
];

const serverTags = async (appId: string, id: string) =>
  (await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { tags { name } } }', { id })).user.tags.map((tag: { name: string }) => tag.name);

test('the tag manager adds an existing tag in any case, creates a new one on the spot, and removes one', async () => {
  const { appId, userIds, tagIds } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Tags for Ada Lovelace: 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags for Ada Lovelace' });
  await dialog.waitFor();
  expect(await focused(page)).toBe('Add a tag');

  const input = dialog.getByRole('combobox', { name: 'Add a tag' });
  await input.fill('beta TESTER');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByRole('button', { name: 'Remove tag Beta tester' }).waitFor();
  await input.fill('Early adopter');
  await input.press('Enter');
  await dialog.getByRole('button', { name: 'Remove tag Early adopter' }).waitFor();
  await eventually(() => serverTags(appId, userIds['ada@example.com']!), ['Beta tester', 'Early adopter', 'VIP']);
  expect(await page.getByRole('button', { name: /^Tags for Ada Lovelace/ }).innerText()).toBe('3');

  await dialog.getByRole('button', { name: 'Remove tag VIP' }).click();
  await eventually(() => serverTags(appId, userIds['ada@example.com']!), ['Beta tester', 'Early adopter']);
  expect(await dialog.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Beta tester'), expect.stringContaining('Early adopter')]);

  // A tag it already has is named as such, and nothing is sent.
  await input.fill('early ADOPTER');
  await input.press('Enter');
  await dialog.getByRole('alert').getByText('Ada Lovelace already has the tag "early ADOPTER"').waitFor();

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('Tags for Ada Lovelace: 2');

  const created = (await fixture.query(appId, '{ tags { id name } }')).tags.find((tag: { name: string }) => tag.name === 'Early adopter');
  expect((await recordedEvents(page)).filter((event) => event.type === 'um-tags-change').map((event) => event.detail)).toEqual([
    { userIds: [userIds['ada@example.com']], added: [{ id: tagIds['Beta tester'], name: 'Beta tester' }], removed: [] },
    { userIds: [userIds['ada@example.com']], added: [{ id: created.id, name: 'Early adopter' }], removed: [] },
    { userIds: [userIds['ada@example.com']], added: [], removed: [{ id: tagIds.VIP, name: 'VIP' }] },
  ]);
  // The new tag is offered everywhere at once.
  await page.getByRole('button', { name: 'Tag filter' }).click();
  await page.getByRole('combobox', { name: 'Filter by tag Early adopter' }).waitFor();
});

test('names added back to back, without waiting for the first, are all kept, in order', async () => {
  const { appId, userIds } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Tags for Ada Lovelace: 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags for Ada Lovelace' });
  const input = dialog.getByRole('combobox', { name: 'Add a tag' });
  for (const name of ['Churn risk', 'beta tester', 'Champion']) {
    await input.fill(name);
    await input.press('Enter');
  }
  // A name already added, or still on its way, is refused as a duplicate.
  await input.fill('CHAMPION');
  await input.press('Enter');
  await dialog.getByRole('alert').getByText('Ada Lovelace already has the tag "CHAMPION"').waitFor();
  await eventually(() => serverTags(appId, userIds['ada@example.com']!), ['Beta tester', 'Champion', 'Churn risk', 'VIP']);
  await dialog.getByRole('button', { name: 'Remove tag Champion' }).waitFor();
  expect(await dialog.getByRole('listitem').count()).toBe(4);
});

test('a tag name the server refuses is explained in the dialog', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Tags for Ada Lovelace: 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags for Ada Lovelace' });
  await dialog.getByRole('combobox', { name: 'Add a tag' }).fill('one;two');
  await dialog.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
  await dialog
    .getByRole('alert')
    .getByText(/Could not create the tag "one;two": .*must not contain ";"/)
    .waitFor();
  // The refused name is back in the field, ready to fix.
  expect(await dialog.getByRole('combobox', { name: 'Add a tag' }).inputValue()).toBe('one;two');
  expect(await page.getByRole('button', { name: /^Tags for Ada Lovelace/ }).innerText()).toBe('1');
});

test('the profile panel shows the fields with their labels, the tags and the ban details', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
  await panel.getByRole('region', { name: 'Profile' }).getByText('Analytical Engines').waitFor();
  const pairs = async (section: string) =>
    panel
      .getByRole('region', { name: section })
      .locator('dt, dd')
      .allInnerTexts()
      .then((texts) =>
        texts.reduce<string[]>((lines, text, index) => (index % 2 ? [...lines.slice(0, -1), `${lines.at(-1)}: ${text}`] : [...lines, text]), []),
      );
  expect(await pairs('Profile')).toEqual(['Company: Analytical Engines', 'Plan: Pro', 'Seats: 1,200', 'Newsletter opt-in: Yes', 'Birthday: Dec 10, 1815']);
  expect(await pairs('Account')).toEqual([
    'Email: ada@example.com',
    'Name: Ada Lovelace',
    'Status: Active',
    'Signed up: Mar 2, 2026, 10:00 AM',
    'Last access: Never',
  ]);
  expect(await panel.getByRole('region', { name: 'Tags' }).getByRole('listitem').allInnerTexts()).toEqual(['VIP']);
  expect(await panel.getByRole('region', { name: 'Ban' }).count()).toBe(0);

  // Close, and focus goes back to the name that opened it.
  await panel.getByRole('button', { name: 'Close panel' }).click();
  await panel.waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('Ada Lovelace');

  await page.getByRole('button', { name: 'Alan Turing', exact: true }).click();
  const banned = page.getByRole('dialog', { name: 'Alan Turing' });
  const ban = banned.getByRole('region', { name: 'Ban' });
  await ban.waitFor();
  // The panel opens with the list's row and fills in what only the profile holds (who banned) when it arrives.
  await ban.locator('dt', { hasText: 'Banned by' }).waitFor();
  expect(await ban.locator('dt').allInnerTexts()).toEqual(['Banned since', 'Ends', 'Reason', 'Banned by']);
  expect(await ban.locator('dd').allInnerTexts()).toEqual([
    expect.stringMatching(/^\w{3} \d+, \d{4}, \d+:\d{2} [AP]M$/),
    'Jan 31, 2099, 12:00 PM',
    'Chargeback fraud',
    'admin@test',
  ]);
  expect(await banned.getByRole('region', { name: 'Profile' }).locator('dd').allInnerTexts()).toEqual(['—', 'Free', '—', '—', '—']);
});

test('a control chosen as a dialog closes keeps focus: the close event, a task later, does not take it back', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
  await panel.getByRole('region', { name: 'Account' }).getByText('ada@example.com').waitFor();
  const dialog = await panel.elementHandle();
  const columns = await page.getByRole('button', { name: 'Columns' }).elementHandle();
  // The dialog closes and, in the same task, the user's next key puts focus on another control; the close event comes after.
  await page.evaluate(
    ([closing, next]) =>
      new Promise<void>((resolve) => {
        closing.addEventListener('close', () => setTimeout(resolve, 0), { once: true });
        (closing as HTMLDialogElement).close();
        (next as HTMLElement).focus();
      }),
    [dialog, columns] as const,
  );
  expect(await focused(page)).toBe('Columns');
  expect(page.errors).toEqual([]);
});

test('"Change tags" in the profile opens the tag manager over it; each dialog keeps focus inside and closes on Escape', async () => {
  const { appId, userIds } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
  await panel.getByRole('region', { name: 'Profile' }).getByText('Analytical Engines').waitFor();

  // Tab cycles within the panel: never reaching the table behind it.
  const seen = new Set<string | null>();
  for (let index = 0; index < 10; index += 1) {
    await page.keyboard.press('Tab');
    seen.add(await focused(page));
  }
  expect([...seen].sort()).toEqual(['Ban…', 'Change tags', 'Close', 'Close panel', 'Delete…', 'Edit', 'Reset password…']);
  await page.keyboard.press('Shift+Tab');
  expect(seen.has(await focused(page))).toBe(true);

  await panel.getByRole('button', { name: 'Change tags' }).click();
  const tagsDialog = page.getByRole('dialog', { name: 'Tags for Ada Lovelace' });
  await tagsDialog.getByRole('combobox', { name: 'Add a tag' }).fill('Beta tester');
  await tagsDialog.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
  await tagsDialog.getByRole('button', { name: 'Remove tag Beta tester' }).waitFor();
  await page.keyboard.press('Escape');
  await tagsDialog.waitFor({ state: 'hidden' });
  // Back in the panel, which shows the new tag.
  expect(await focused(page)).toBe('Change tags');
  await eventually(() => panel.getByRole('region', { name: 'Tags' }).getByRole('listitem').allInnerTexts(), ['Beta tester', 'VIP']);
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('Ada Lovelace');
  // The panel shows the tag as soon as it is asked for; the server has it once the write commits.
  await eventually(() => serverTags(appId, userIds['ada@example.com']!), ['Beta tester', 'VIP']);
});
