/**
 * What the element shows while waiting, when there is nothing, and when
 * something fails: the loading state, the empty states, load errors with
 * "Try again", and optimistic changes taken back with a message when the
 * server refuses them (a viewer's token may read but not ban or tag).
 */
import { tokens } from '../../server/test/support/harness';
import { eventually, holdOperation, RECORD_EVENTS, recordedEvents, shownNames, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const tags = [{ name: 'VIP' }];
const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', signedUpAt: '2026-03-02T10:00:00Z' },
  { email: 'grace@example.org', name: 'Grace Hopper', signedUpAt: '2026-01-15T08:00:00Z' },
];

test('while the first page loads, the table says so and is busy; then the rows replace it', async () => {
  const { appId } = await fixture.seed({ users });
  let hold!: Awaited<ReturnType<typeof holdOperation>>;
  const page = await fixture.open(appId, { waitForRows: false, prepare: async (page) => void (hold = await holdOperation(page, 'UserPage')) });
  await hold.held;
  await page.getByText('Loading users…').waitFor();
  expect(await page.getByRole('grid', { name: 'Users' }).getAttribute('aria-busy')).toBe('true');
  hold.release();
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  expect(await page.getByRole('grid', { name: 'Users' }).getAttribute('aria-busy')).toBe('false');
  expect(await page.getByText('Loading users…').count()).toBe(0);
});

test('an app without users says so; filters that match nobody say that instead', async () => {
  const empty = await fixture.seed({ users: [] });
  const page = await fixture.open(empty.appId, { shows: 'No users yet.' });
  await page.getByRole('tab', { name: 'All 0', exact: true }).waitFor();

  const { appId } = await fixture.seed({ users });
  const other = await fixture.open(appId);
  await other.getByRole('tab', { name: /^Banned/ }).click();
  await other.getByText('No users match these filters.').waitFor();
  await other.getByRole('button', { name: 'Show all users' }).click();
  await eventually(() => shownNames(other), ['Ada Lovelace', 'Grace Hopper']);
  expect(await other.getByRole('tab', { name: /^All/ }).getAttribute('aria-selected')).toBe('true');
});

test('a refused token shows the error with a hint, reports um-error, and loads once the page gives a good token', async () => {
  const { appId } = await fixture.seed({ users });
  const page = await fixture.open(appId, {
    noToken: true,
    attributes: 'token="not-a-jwt"',
    script: RECORD_EVENTS,
    shows: 'Could not load users: Your sign-in was refused or has expired; reload the page to sign in again.',
  });
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load users' });
  await alert.getByText('Could not load users: Your sign-in was refused or has expired; reload the page to sign in again.').waitFor();
  expect(await page.getByRole('tab', { name: 'All …', exact: true }).count()).toBe(1);
  const errors = (await recordedEvents(page)).filter((event) => event.type === 'um-error').map((event) => event.detail);
  expect(errors).toContainEqual({ code: 'UNAUTHENTICATED', message: 'The token is invalid', operation: 'loadUsers' });

  const good = await tokens.sign({ subject: 'admin@host', appId, role: 'admin' });
  await page.evaluate((token) => document.querySelector('user-manager')!.setAttribute('token', token), good);
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
  expect(await alert.count()).toBe(0);
});

test('"Try again" loads again after the server could not be reached', async () => {
  const { appId } = await fixture.seed({ users });
  let failing = true;
  const page = await fixture.open(appId, {
    shows: 'Could not load users: The server could not be reached.',
    prepare: async (page) => void (await page.route('**/graphql', (route) => (failing ? route.abort('connectionrefused') : route.continue()))),
  });
  await page.getByRole('alert').getByText('Could not load users: The server could not be reached.').waitFor();
  expect(await page.getByText('No users to show.').count()).toBe(1);
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await eventually(() => shownNames(page), ['Ada Lovelace', 'Grace Hopper']);
});

test('a ban the server refuses shows at once, then goes back with a message that says why', async () => {
  const { appId, userIds } = await fixture.seed({ tags, users });
  let hold!: Awaited<ReturnType<typeof holdOperation>>;
  const page = await fixture.open(appId, {
    role: 'manager',
    script: RECORD_EVENTS,
    prepare: async (page) => void (hold = await holdOperation(page, 'SetUserStatus')),
  });
  const status = page.getByRole('combobox', { name: 'Status for Ada Lovelace' });
  await status.selectOption('BANNED');
  await page.getByRole('alertdialog', { name: 'Ban Ada Lovelace?' }).getByRole('button', { name: 'Ban Ada Lovelace' }).click();
  await hold.held;
  // Optimistic: the row already says Banned while the server decides.
  expect(await status.inputValue()).toBe('BANNED');
  // Meanwhile someone removes her, so the server cannot ban her.
  await fixture.query(appId, 'mutation ($id: ID!) { deleteUser(id: $id) }', { id: userIds['ada@example.com'] });
  hold.release();
  await page.getByRole('alert').getByText('Could not ban Ada Lovelace: User was not found. The change was undone.').waitFor();
  expect(await status.inputValue()).toBe('ACTIVE');
  const events = await recordedEvents(page);
  expect(events.filter((event) => event.type === 'um-status-change')).toEqual([]);
  expect(events.filter((event) => event.type === 'um-error').map((event) => [event.detail.code, event.detail.operation])).toEqual([['NOT_FOUND', 'banUsers']]);

  // Dismiss clears the message.
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
  await eventually(() => page.getByText(/Could not ban/).count(), 0);
});

test('tags the server refuses to add go away again, in the table and in the tag manager', async () => {
  const { appId } = await fixture.seed({ tags, users });
  let hold!: Awaited<ReturnType<typeof holdOperation>>;
  const page = await fixture.open(appId, { role: 'manager', prepare: async (page) => void (hold = await holdOperation(page, 'AddTagsToUsers')) });
  await page.getByRole('button', { name: 'Tags for Grace Hopper: 0' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags for Grace Hopper' });
  await dialog.getByRole('combobox', { name: 'Add a tag' }).fill('vip');
  await dialog.getByRole('combobox', { name: 'Add a tag' }).press('Enter');
  await hold.held;
  await dialog.getByRole('button', { name: 'Remove tag VIP' }).waitFor();
  expect(await page.getByRole('button', { name: /^Tags for Grace Hopper/ }).innerText()).toBe('1');
  // Meanwhile someone deletes the tag, so the server cannot add it.
  const { tags: known } = await fixture.query(appId, '{ tags { id name } }');
  await fixture.query(appId, 'mutation ($id: ID!) { deleteTag(id: $id) }', { id: known.find((tag: { name: string }) => tag.name === 'VIP').id });
  hold.release();
  await dialog
    .getByRole('alert')
    .getByText(/^Could not tag Grace Hopper with "VIP": Tag .* was not found\. The change was undone\.$/)
    .waitFor();
  expect(await dialog.getByRole('button', { name: 'Remove tag VIP' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^Tags for Grace Hopper/ }).innerText()).toBe('0');
});
