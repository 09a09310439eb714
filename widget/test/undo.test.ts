/**
 * Undo of status and tag changes, and notices that stay in view: as an
 * admin meets them, acting on a long page scrolled to its end.
 */
import { numberedUsers } from './support/seed';
import { row, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const serverUser = async (appId: string, id: string) =>
  (await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status banReason bannedUntil tags { name } } }', { id })).user;
const serverBan = async (appId: string, id: string) =>
  (await fixture.query(appId, 'query ($id: ID!) { user(id: $id) { status bannedAt banReason bannedBy bannedUntil } }', { id })).user;

test('a ban made at the bottom of a long page is said in view, and Undo takes it back', async () => {
  const { appId, userIds } = await fixture.seed({ users: numberedUsers(50) });
  const page = await fixture.open(appId);
  const last = row(page, 'Person 50');
  await last.scrollIntoViewIfNeeded();
  await last.getByRole('combobox', { name: 'Status for Person 50' }).selectOption('BANNED');
  await page.getByRole('alertdialog', { name: 'Ban Person 50?' }).getByRole('button', { name: 'Ban Person 50' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Banned Person 50' });
  await notice.waitFor();
  const box = (await notice.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect((await serverUser(appId, userIds['user50@example.com']!)).status).toBe('BANNED');

  await notice.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('status').getByText('Undone: Banned Person 50').waitFor();
  expect(await serverUser(appId, userIds['user50@example.com']!)).toEqual({ status: 'ACTIVE', banReason: null, bannedUntil: null, tags: [] });
  expect(await last.getByRole('combobox', { name: 'Status for Person 50' }).inputValue()).toBe('ACTIVE');
});

test('Undo of an unban gives the ban back as it was (reason, end, start, author); Undo of a tag change gives back the tags', async () => {
  const until = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const { appId, userIds } = await fixture.seed({
    tags: [{ name: 'Beta' }],
    users: [
      { email: 'ada@example.com', name: 'Ada Lovelace', status: 'BANNED', banReason: 'Chargeback', bannedUntil: until },
      { email: 'grace@example.org', name: 'Grace Hopper', tags: ['Beta'] },
    ],
  });
  const ban = await serverBan(appId, userIds['ada@example.com']!);
  const page = await fixture.open(appId);
  await page.getByRole('combobox', { name: 'Status for Ada Lovelace' }).selectOption('ACTIVE');
  await page.getByRole('status').getByText('Unbanned Ada Lovelace').waitFor();
  expect((await serverUser(appId, userIds['ada@example.com']!)).status).toBe('ACTIVE');
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('status').getByText('Undone: Unbanned Ada Lovelace').waitFor();
  expect(await serverUser(appId, userIds['ada@example.com']!)).toEqual({ status: 'BANNED', banReason: 'Chargeback', bannedUntil: until, tags: [] });
  expect(await serverBan(appId, userIds['ada@example.com']!)).toEqual(ban);

  await page.getByRole('button', { name: 'Tags for Grace Hopper: 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags for Grace Hopper' });
  await dialog.getByRole('button', { name: 'Remove tag Beta' }).click();
  await page.getByRole('status').getByText('Removed "Beta" from Grace Hopper').waitFor();
  await dialog.getByRole('button', { name: 'Done' }).click();
  expect((await serverUser(appId, userIds['grace@example.org']!)).tags).toEqual([]);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('status').getByText('Undone: Removed "Beta" from Grace Hopper').waitFor();
  expect((await serverUser(appId, userIds['grace@example.org']!)).tags).toEqual([{ name: 'Beta' }]);
  await page.getByRole('button', { name: 'Tags for Grace Hopper: 1' }).waitFor();
});
