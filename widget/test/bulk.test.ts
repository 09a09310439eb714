/**
 * Bulk work on everything a filter matches, from the bulk bar: select the
 * page, then every user that matches, and tag them as a job whose progress
 * shows; a count that changed meanwhile is said, and confirmed again.
 */
import type { Page } from 'playwright-core';
import { eventually, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

/** `count` users by SQL (an API call each would take minutes), every one named "Bulk …". */
async function seedMany(appId: string, count: number): Promise<void> {
  await fixture.server.db.execute(
    `INSERT INTO users (app_id, email, name, signed_up_at)
     SELECT $1, 'bulk' || g || '@many.example', 'Bulk ' || g, now() - g * interval '1 second' FROM generate_series(1, $2) AS g`,
    [appId, count],
  );
}

/** Picks every user that matches, through the page's "select all" and the bulk bar's offer. */
async function selectAllMatching(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await bar.getByRole('button', { name: /^Select all .* users that match$/ }).click();
  await bar.getByText(/^All .* users that match are selected$/).waitFor();
}

/** Starts the tagging; when the count shown was an estimate, confirms the exact number the server found. */
async function tagAll(page: Page, tag: string): Promise<void> {
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await bar.getByRole('combobox', { name: 'Tag for the selected users' }).selectOption({ label: tag });
  await bar.getByRole('button', { name: 'Add tag' }).click();
  const started = page.getByRole('status').getByText(/^Tagging /);
  const conflict = page.getByRole('alert').getByText(/^The filter matches .* users now/);
  await started.or(conflict).first().waitFor();
  if (await conflict.count())
    await page
      .getByRole('alert')
      .getByRole('button', { name: /^Tag .* users$/ })
      .click();
}

test('every user a filter matches is tagged as a job, with its progress in view, and the count agrees with SQL', async () => {
  const { appId, tagIds } = await fixture.seed({
    tags: [{ name: 'Campaign' }],
    users: [
      // Newest, so the first row until the search hides it.
      { email: 'outside@example.com', name: 'Outside Person', signedUpAt: new Date(Date.now() + 3_600_000).toISOString() },
    ],
  });
  await seedMany(appId, 100_000);
  const page = await fixture.open(appId);
  const outside = page.getByRole('row', { name: /Outside Person/ });
  await outside.waitFor();
  await page.getByRole('searchbox', { name: 'Search users' }).fill('bulk');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  // The rows and the counts are asked for together: once the user outside the search has left the
  // table, the counts shown are the search's (or still loading), never the unfiltered ones.
  await eventually(() => outside.count(), 0);
  // At this size the count may be a sample's estimate; the job then confirms the exact number.
  await page.getByRole('tab', { name: /^All ≈?[\d,]+$/ }).waitFor();
  await selectAllMatching(page);
  await tagAll(page, 'Campaign');
  // Progress while it runs, then what it did.
  await page
    .getByRole('status')
    .getByText(/^Tagging 100,000 users with "Campaign": [\d,]+ done$/)
    .waitFor();
  await page.getByRole('status').getByText('Tagged 100,000 users with "Campaign"').waitFor({ timeout: 120_000 });
  const [tagged] = await fixture.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]`, [
    appId,
    tagIds.Campaign,
  ]);
  expect(tagged!.n).toBe(100_000);
  // The user the filter does not match is left alone.
  const { users } = await fixture.query(appId, '{ users(filter: { search: "outside" }) { edges { node { tags { name } } } } }');
  expect(users.edges[0].node.tags).toEqual([]);
  // Seeding and tagging 100,000 users: the job's own wait above allows two minutes, and so does the test.
}, 180_000);

test('a filter that matches another number by the time the job would start is refused; the notice says so and goes on when asked', async () => {
  const { appId, tagIds } = await fixture.seed({ tags: [{ name: 'Late' }], users: [] });
  await seedMany(appId, 120);
  const page = await fixture.open(appId);
  await page.getByRole('tab', { name: 'All 120', exact: true }).waitFor();
  await selectAllMatching(page);
  // Someone signs up meanwhile.
  await fixture.query(appId, 'mutation { createUser(input: { email: "newcomer@example.com", name: "Bulk newcomer" }) { id } }');
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await bar.getByRole('combobox', { name: 'Tag for the selected users' }).selectOption({ label: 'Late' });
  await bar.getByRole('button', { name: 'Add tag' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'The filter matches 121 users now, not 120; nothing was changed.' });
  await refused.waitFor();
  expect(await fixture.server.db.query(`SELECT 1 FROM users WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]`, [appId, tagIds.Late])).toHaveLength(0);
  await refused.getByRole('button', { name: 'Tag 121 users' }).click();
  await page.getByRole('status').getByText('Tagged 121 users with "Late"').waitFor();
  await eventually(
    async () =>
      (
        await fixture.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]`, [
          appId,
          tagIds.Late,
        ])
      )[0]!.n,
    121,
  );
});

test('banning every user that matches names only those not banned yet; the ones banned already keep their ban', async () => {
  const { appId } = await fixture.seed({
    users: [{ email: 'earlier@example.com', name: 'Bulk earlier', status: 'BANNED', banReason: 'Chargeback', bannedUntil: '2031-01-01T00:00:00.000Z' }],
  });
  await seedMany(appId, 60);
  const page = await fixture.open(appId);
  await page.getByRole('tab', { name: 'All 61', exact: true }).waitFor();
  await selectAllMatching(page);
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Ban selected', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Ban 60 users?' });
  await dialog.getByText('1 user that matches is banned already and keeps their ban.').waitFor();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Spam wave');
  await dialog.getByRole('button', { name: 'Ban 60 users' }).click();
  await page
    .getByRole('status')
    .getByText(/^Banned 60 users/)
    .waitFor({ timeout: 30_000 });
  const bans = await fixture.server.db.query<{ reason: string; n: number }>(
    `SELECT ban_reason AS reason, count(*)::int AS n FROM users WHERE app_id = $1 AND status = 'BANNED' GROUP BY ban_reason ORDER BY ban_reason`,
    [appId],
  );
  expect(bans).toEqual([
    { reason: 'Chargeback', n: 1 },
    { reason: 'Spam wave', n: 60 },
  ]);
});

test('the selection survives paging', async () => {
  const { appId } = await fixture.seed({ users: [] });
  await seedMany(appId, 7);
  const page = await fixture.open(appId, { attributes: 'page-size="3"' });
  await page.getByRole('checkbox', { name: 'Select Bulk 1' }).check();
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('checkbox', { name: 'Select Bulk 4' }).check();
  await page.getByRole('region', { name: 'Bulk actions' }).getByText('2 users selected').waitFor();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await eventually(() => page.getByRole('checkbox', { name: 'Select Bulk 1' }).isChecked(), true);
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Unban selected' }).waitFor();
  await page.getByRole('region', { name: 'Bulk actions' }).getByText('2 users selected').waitFor();
});

const remaining = async (appId: string) =>
  (await fixture.server.db.query<{ name: string }>(`SELECT name FROM users WHERE app_id = $1 ORDER BY name`, [appId])).map((user) => user.name);

test('"Delete selected…" says how many, asks for that number typed, and deletes only them', async () => {
  const { appId } = await fixture.seed({ users: [] });
  await seedMany(appId, 4);
  const page = await fixture.open(appId);
  await page.getByRole('checkbox', { name: 'Select Bulk 1' }).check();
  await page.getByRole('checkbox', { name: 'Select Bulk 2' }).check();
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete selected…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete 2 users?' });
  await dialog.getByText('It cannot be undone.').waitFor();
  const confirm = dialog.getByRole('button', { name: 'Delete 2 users' });
  expect(await confirm.isDisabled()).toBe(true);
  await dialog.getByRole('textbox', { name: 'Type 2 to confirm' }).fill('3');
  expect(await confirm.isDisabled()).toBe(true);
  await dialog.getByRole('textbox', { name: 'Type 2 to confirm' }).fill('2');
  await confirm.click();
  await page.getByRole('status').getByText('Deleted 2 users').waitFor();
  expect(await remaining(appId)).toEqual(['Bulk 3', 'Bulk 4']);
  await eventually(() => page.getByRole('tab', { name: 'All 2', exact: true }).count(), 1);
});

test('every user a filter matches is deleted as a job after the number is typed; others stay', async () => {
  const { appId } = await fixture.seed({ users: [{ email: 'keep@example.com', name: 'Keep Me' }] });
  await seedMany(appId, 60);
  const page = await fixture.open(appId);
  await page.getByRole('searchbox', { name: 'Search users' }).fill('bulk');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await page.getByRole('tab', { name: 'All 60', exact: true }).waitFor();
  await selectAllMatching(page);
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete selected…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete 60 users?' });
  // From the keyboard: the field has focus; Tab reaches the button once the number is right.
  await dialog.getByRole('textbox', { name: 'Type 60 to confirm' }).waitFor();
  await page.keyboard.type('60');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Deleted 60 users').waitFor({ timeout: 60_000 });
  expect(await remaining(appId)).toEqual(['Keep Me']);
});
