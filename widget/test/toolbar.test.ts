/**
 * The toolbar and status tabs as an admin uses them: debounced search,
 * tabs with counts, signup date range, tag filter with all / any / none,
 * clear filters and the empty state's own "Clear filters". One component
 * test checks the toolbar alone: what it emits while someone types.
 */
import type { Page } from 'playwright-core';
import { newPage } from './support/browser';
import { eventually, shownNames, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const tags = [{ name: 'VIP' }, { name: 'Beta' }, { name: 'Churn risk' }];
const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP', 'Beta'], signedUpAt: '2026-03-31T23:30:00Z', profile: { company: 'Analytical Engines' } },
  { email: 'grace@example.org', name: 'Grace Hopper', tags: ['Beta'], signedUpAt: '2026-04-01T00:30:00Z', profile: { company: 'Navy' } },
  { email: 'alan@example.org', name: 'Alan Turing', tags: ['Churn risk'], signedUpAt: '2026-02-10T12:00:00Z', status: 'BANNED' as const },
  { email: 'linus@example.com', name: 'Linus Torvalds', tags: [], signedUpAt: '2026-01-05T12:00:00Z' },
  { email: 'zoe@example.net', name: 'Zoë Müller', tags: ['VIP'], signedUpAt: '2025-11-20T12:00:00Z', status: 'BANNED' as const },
];
const fields = [{ key: 'company', label: 'Company', type: 'TEXT' as const }];

/** Counts the users-page requests the element sends, and what they filtered by. */
function watchPageRequests(page: Page): Array<Record<string, unknown> | null> {
  const filters: Array<Record<string, unknown> | null> = [];
  page.on('request', (request) => {
    const body = request.postDataJSON() as { operationName?: string; variables?: { filter?: Record<string, unknown> | null } } | null;
    if (body?.operationName === 'UserPage') filters.push(body.variables?.filter ?? null);
  });
  return filters;
}

const sorted = async (page: Page) => (await shownNames(page)).sort();

/** Stops the page's (installed) clock: from here its timers move only with `clock.runFor`. */
const holdClock = async (page: Page) => page.clock.pauseAt(Date.now() + 1000);

test('search waits for typing to pause, then asks once and shows the matches', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { prepare: (opened) => opened.clock.install() });
  const requests = watchPageRequests(page);
  const search = page.getByRole('searchbox', { name: 'Search users' });
  // Keystrokes 100 ms apart on the page's clock, however slow this machine is between them.
  await holdClock(page);
  for (const key of 'navy') {
    await search.press(key);
    await page.clock.runFor(100);
  }
  expect(requests).toEqual([]);
  await page.clock.runFor(300);
  await page.clock.resume();
  await eventually(() => shownNames(page), ['Grace Hopper']);
  expect(requests).toEqual([{ search: 'navy' }]);
  await page.getByRole('tab', { name: 'All 1', exact: true }).waitFor();

  // Enter searches at once; every term must match somewhere (accents ignored).
  await search.fill('zoe muller');
  await search.press('Enter');
  await eventually(() => shownNames(page), ['Zoë Müller']);
});

test('status tabs show the counts for the other filters and narrow the list', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('tab', { name: 'All 5', exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Active 3', exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Banned 2', exact: true }).click();
  await eventually(() => sorted(page), ['Alan Turing', 'Zoë Müller']);
  expect(await page.getByRole('tab', { name: /^Banned/ }).getAttribute('aria-selected')).toBe('true');

  await page.getByRole('searchbox', { name: 'Search users' }).fill('example.org');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await eventually(() => shownNames(page), ['Alan Turing']);
  await page.getByRole('tab', { name: 'All 2', exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Active 1', exact: true }).click();
  await eventually(() => shownNames(page), ['Grace Hopper']);
});

test('the signup date range includes both days, in the admin’s time zone', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  // The test browser runs at UTC: Ada signed up late on March 31, Grace early on April 1.
  await page.getByLabel('Signed up from').fill('2026-02-10');
  await eventually(() => sorted(page), ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
  await page.getByLabel('Signed up to').fill('2026-03-31');
  await eventually(() => sorted(page), ['Ada Lovelace', 'Alan Turing']);
  await page.getByRole('tab', { name: 'All 2', exact: true }).waitFor();

  await page.getByLabel('Signed up to').fill('2026-02-01');
  await page.getByRole('alert').getByText('The end date is before the start date').waitFor();
  await eventually(() => shownNames(page), []);
  await page.getByText('The end date is before the start date, so no user can match.').waitFor();
});

test('the tag filter narrows by tags that users must all have, may have any of, or must not have', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Tag filter' }).click();
  const mode = (tag: string) => page.getByRole('combobox', { name: `Filter by tag ${tag}` });

  await mode('VIP').selectOption('all');
  await eventually(() => sorted(page), ['Ada Lovelace', 'Zoë Müller']);
  await mode('Beta').selectOption('all');
  await eventually(() => sorted(page), ['Ada Lovelace']);
  await mode('VIP').selectOption('');
  await mode('Beta').selectOption('');
  await eventually(() => sorted(page).then((names) => names.length), 5);

  await mode('Churn risk').selectOption('any');
  await mode('VIP').selectOption('any');
  await eventually(() => sorted(page), ['Ada Lovelace', 'Alan Turing', 'Zoë Müller']);
  await mode('Beta').selectOption('none');
  await eventually(() => sorted(page), ['Alan Turing', 'Zoë Müller']);
  expect(await page.getByRole('button', { name: /Tag filter/ }).innerText()).toMatch(/Tag filter\s*3/);
  await page.getByRole('tab', { name: 'Banned 2', exact: true }).waitFor();

  // Escape closes the panel and gives focus back to its button.
  await mode('Beta').focus();
  await page.keyboard.press('Escape');
  await page.getByRole('group', { name: 'Tag filter' }).waitFor({ state: 'hidden' });
  expect(await page.evaluate(() => document.querySelector('user-manager')!.shadowRoot!.querySelector('um-toolbar')!.shadowRoot!.activeElement?.id)).toBe(
    'tag-filter-button',
  );
});

test('"Clear filters" clears search, dates and tags; the empty state offers to show all users', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  const clear = page.getByRole('button', { name: 'Clear filters' }).first();
  expect(await clear.isDisabled()).toBe(true);
  await page.getByRole('searchbox', { name: 'Search users' }).fill('nobody-matches-this');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await page.getByLabel('Signed up from').fill('2026-01-01');
  await page.getByText('No users match these filters.').waitFor();
  await page.getByRole('tab', { name: 'All 0', exact: true }).waitFor();

  await page.getByRole('button', { name: 'Show all users' }).click();
  await eventually(() => sorted(page).then((names) => names.length), 5);
  expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe('');
  expect(await page.getByLabel('Signed up from').inputValue()).toBe('');

  await page.getByRole('tab', { name: /^Banned/ }).click();
  await page.getByRole('searchbox', { name: 'Search users' }).fill('alan');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await eventually(() => shownNames(page), ['Alan Turing']);
  await clear.click();
  // The toolbar's button keeps the tab: only the filters go.
  await eventually(() => sorted(page), ['Alan Turing', 'Zoë Müller']);
  expect(await clear.isDisabled()).toBe(true);
});

test('component: the toolbar emits one filter change per pause in typing, and at once on Enter', async () => {
  const page = await newPage(fixture.browser);
  try {
    // The page's timers run on a clock the test moves, so a slow machine
    // between two keystrokes cannot look like a pause in typing.
    await page.clock.install();
    await page.goto(
      fixture.host.page(
        '/toolbar',
        `<!doctype html><html lang="en"><head><title>Toolbar</title><link rel="icon" href="data:,"></head><body>
      <um-toolbar></um-toolbar>
      <script type="module">
        import '${fixture.server.url}/widget/user-manager.js';
        const toolbar = document.querySelector('um-toolbar');
        window.changes = [];
        toolbar.addEventListener('filters-change', (event) => { window.changes.push(event.detail); toolbar.filters = event.detail; });
      </script></body></html>`,
      ),
    );
    const search = page.getByRole('searchbox', { name: 'Search users' });
    await holdClock(page);
    const changeCount = () => page.evaluate(() => (window as any).changes.length as number);
    for (const key of 'hopper') {
      await search.press(key);
      await page.clock.runFor(100);
    }
    expect(await changeCount()).toBe(0);
    await page.clock.runFor(300);
    expect(await changeCount()).toBe(1);
    for (const key of ' navy') {
      await search.press(key === ' ' ? 'Space' : key);
      await page.clock.runFor(100);
    }
    await search.press('Enter');
    await page.getByLabel('Signed up to').fill('2026-05-01');
    const changes = await page.evaluate(() => (window as any).changes);
    expect(changes.map((change: any) => [change.search, change.signedUpTo])).toEqual([
      ['hopper', ''],
      ['hopper navy', ''],
      ['hopper navy', '2026-05-01'],
    ]);
    // Nothing more arrives after the debounce interval: Enter already sent the search.
    await page.clock.runFor(1000);
    expect(await changeCount()).toBe(3);
  } finally {
    await page.context().close();
  }
});
