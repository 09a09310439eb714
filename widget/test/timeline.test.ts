/**
 * The profile's activity timeline and audit trail: grouped by day, newest
 * first, "Load more", "Last access" jumping to it, and who changed what.
 */
import { banFromRow, eventually, focusedId, useWidgetFixture } from './support/widget-fixture';
import type { SeedActivity } from './support/seed';

const fixture = useWidgetFixture();

const DAY = 86_400_000;
/** Noon UTC `daysAgo` days ago plus `minutes`: the test browser runs at UTC. */
const at = (daysAgo: number, minutes: number) => {
  const noon = new Date(Date.now() - daysAgo * DAY);
  noon.setUTCHours(12, minutes, 0, 0);
  return noon.toISOString();
};
const longDay = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(iso));

test('"Last access" opens the profile at the activity, grouped by day, newest first, with "Load more"', async () => {
  // 30 events: 12 two days ago, 10 three days ago, 8 ten days ago; a page holds 25.
  const activity: SeedActivity[] = [
    ...Array.from({ length: 12 }, (_, index) => ({
      email: 'ada@example.com',
      kind: 'PAGE_VIEW' as const,
      name: `/reports/${index}`,
      occurredAt: at(2, index),
    })),
    ...Array.from({ length: 10 }, (_, index) => ({
      email: 'ada@example.com',
      kind: 'FEATURE_USE' as const,
      name: `export-${index}`,
      occurredAt: at(3, index),
    })),
    ...Array.from({ length: 8 }, (_, index) => ({ email: 'ada@example.com', kind: 'LOGIN' as const, name: 'sign-in', occurredAt: at(10, index) })),
  ];
  const { appId } = await fixture.seed({ users: [{ email: 'ada@example.com', name: 'Ada Lovelace' }], activity });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: /^Last access of Ada Lovelace/ }).click();
  const panel = page.getByRole('dialog', { name: 'Ada Lovelace' });
  const timeline = panel.getByRole('region', { name: 'Activity' });
  await timeline.getByRole('listitem').first().waitFor();
  expect(await focusedId(page)).toBe('activity');

  const days = [longDay(at(2, 0)), longDay(at(3, 0)), longDay(at(10, 0))];
  const perDay = () => timeline.getByRole('list').evaluateAll((lists) => lists.map((list) => list.children.length));
  expect(await timeline.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(days);
  expect(await timeline.getByRole('list').first().getByRole('listitem').first().innerText()).toBe('12:11 PM\nPage view\n/reports/11');
  expect(await perDay()).toEqual([12, 10, 3]);

  // The next page continues the same day rather than starting a new group.
  await timeline.getByRole('button', { name: 'Load more activity' }).click();
  await eventually(perDay, [12, 10, 8]);
  expect(await timeline.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(days);
  expect(await timeline.getByRole('list').last().getByRole('listitem').last().innerText()).toBe('12:00 PM\nSign-in');
  expect(await timeline.getByRole('button', { name: 'Load more activity' }).count()).toBe(0);
});

test('a user without activity says so', async () => {
  const { appId } = await fixture.seed({ users: [{ email: 'grace@example.org', name: 'Grace Hopper' }] });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Grace Hopper', exact: true }).click();
  await page.getByRole('dialog', { name: 'Grace Hopper' }).getByRole('region', { name: 'Activity' }).getByText('No activity recorded.').waitFor();
});

test('the history shows who changed the user and what changed, and follows changes made meanwhile', async () => {
  const { appId } = await fixture.seed({ tags: [{ name: 'VIP' }], users: [{ email: 'ada@example.com', name: 'Ada Lovelace' }] });
  const page = await fixture.open(appId);
  await banFromRow(page, 'Ada Lovelace');
  await page.getByRole('status').getByText('Banned Ada Lovelace').waitFor();
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  const history = page.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('region', { name: 'History' });
  const entries = history.getByRole('list').first().locator(':scope > li');
  await entries.first().waitFor();
  expect(await entries.first().innerText()).toMatch(/^\w{3} \d+, \d{4}, \d+:\d{2} [AP]M · Banned by admin@host \(admin\)\nStatus: Active → Banned/);
  expect(await entries.last().innerText()).toMatch(/Created by admin@test \(admin\)/);

  // Tags changed from the panel show in its history at once, by name.
  await page.getByRole('button', { name: 'Change tags' }).click();
  const tagsDialog = page.getByRole('dialog', { name: 'Tags for Ada Lovelace' });
  await tagsDialog.getByRole('combobox', { name: 'Add a tag' }).fill('VIP');
  await tagsDialog.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
  await tagsDialog.getByRole('button', { name: 'Remove tag VIP' }).waitFor();
  await page.keyboard.press('Escape');
  await eventually(
    () =>
      entries
        .first()
        .innerText()
        .then((text) =>
          text
            .split('\n')
            .slice(0, 2)
            .join(' | ')
            .replace(/^.* · /, ''),
        ),
    'Tags added by admin@host (admin) | Tags: — → VIP',
  );
});

test('the history is for admins: a manager is told so', async () => {
  const { appId } = await fixture.seed({ users: [{ email: 'ada@example.com', name: 'Ada Lovelace' }] });
  const page = await fixture.open(appId, { role: 'manager' });
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Ada Lovelace' })
    .getByRole('region', { name: 'History' })
    .getByText('Only admins can see the history of changes.')
    .waitFor();
});
