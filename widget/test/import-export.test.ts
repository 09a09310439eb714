/**
 * The import dialog and Export as an admin uses them: the template
 * download, a file chosen or dropped, each mode, the progress and result,
 * the failed rows and their download, and the CSV of the current filter.
 */
import type { Page } from 'playwright-core';
import { tokens } from '../../server/test/support/harness';
import { downloadText, eventually, RECORD_EVENTS, recordedEvents, shownNames, useWidgetFixture } from './support/widget-fixture';

const fixture = useWidgetFixture();

const fields = [{ key: 'company', label: 'Company', type: 'TEXT' as const }];
const tags = [{ name: 'VIP' }];
const users = [
  { email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP'], signedUpAt: '2026-03-02T10:00:00Z', profile: { company: 'Engines' } },
  { email: 'alan@example.org', name: 'Alan Turing', status: 'BANNED' as const, banReason: 'Spam', signedUpAt: '2026-02-02T10:00:00Z' },
];

/** Three good rows (one an update of Ada) and two bad ones. */
const PEOPLE_CSV = [
  'email,name,status,tags,company',
  'grace@example.org,Grace Hopper,ACTIVE,VIP;Navy,US Navy',
  'not-an-email,Broken Row,,,',
  'ada@example.com,Ada King,,,Engines',
  'linus@example.com,Linus Torvalds,ACTIVE,,',
  'katherine@example.com,Katherine Johnson,SLEEPING,,',
].join('\n');

async function chooseFile(page: Page, name: string, content: string) {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

const emails = async (appId: string) =>
  (await fixture.query(appId, '{ users(first: 100, orderBy: { field: EMAIL, direction: ASC }) { edges { node { email name } } } }')).users.edges.map(
    ({ node }: { node: { email: string; name: string } }) => `${node.email} ${node.name}`,
  );

test('the template downloads with this app’s columns', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  const template = await downloadText(page, () => dialog.getByRole('button', { name: 'Download the template' }).click());
  expect(template.name).toBe('users-template.csv');
  expect(template.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('email,name,status,tags,signed_up_at,company');
});

test('"Check only" checks every row and writes nothing', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const before = await emails(appId);
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  expect(await dialog.getByRole('button', { name: 'Start import' }).isDisabled()).toBe(true);
  await chooseFile(page, 'people.csv', PEOPLE_CSV);
  await dialog.getByText(/^people\.csv · \d+ bytes$/).waitFor();
  await dialog.getByRole('radio', { name: 'Check only' }).check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await dialog.getByText('Check finished: 5 rows, 2 rows failed. Nothing was written.').waitFor();
  expect(await dialog.locator('.counts').innerText()).toBe('5 of 5 rows\n2 to create\n1 to update\n0 unchanged\n2 failed');
  expect(await emails(appId)).toEqual(before);
  const events = (await recordedEvents(page)).filter((event) => event.type === 'um-import-complete');
  expect(events.map((event) => ({ ...event.detail, jobId: typeof event.detail.jobId }))).toEqual([
    { jobId: 'string', mode: 'DRY_RUN', status: 'SUCCEEDED', totalRows: 5, created: 2, updated: 1, failed: 2 },
  ]);
});

test('"Add and update" imports, lists the failed rows with a download, and the table shows the new users', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { script: RECORD_EVENTS });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await chooseFile(page, 'people.csv', PEOPLE_CSV);
  expect(await dialog.getByRole('radio', { name: 'Add and update' }).isChecked()).toBe(true);
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await dialog.getByText('Import finished: 5 rows, 2 rows failed.').waitFor();
  expect(await dialog.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuetext')).toBe('5 of 5 rows');

  const failed = dialog.getByRole('table', { name: 'Failed rows' });
  expect(await failed.getByRole('row').allInnerTexts()).toEqual([
    'Row\tColumn\tProblem',
    expect.stringMatching(/^3\temail\t.*not-an-email/),
    expect.stringMatching(/^6\tstatus\t.*SLEEPING/),
  ]);
  const errors = await downloadText(page, () => dialog.getByRole('button', { name: 'Download the failed rows' }).click());
  const lines = errors.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toBe('email,name,status,tags,company,error');
  expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['not-an-email', 'katherine@example.com']);

  await dialog.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('status').getByText('Imported 2 new users and updated 1; 2 rows failed').waitFor();
  await eventually(() => shownNames(page).then((names) => names.sort()), ['Ada King', 'Alan Turing', 'Grace Hopper', 'Linus Torvalds']);
  await page.getByRole('tab', { name: 'All 4', exact: true }).waitFor();
  expect(await emails(appId)).toEqual([
    'ada@example.com Ada King',
    'alan@example.org Alan Turing',
    'grace@example.org Grace Hopper',
    'linus@example.com Linus Torvalds',
  ]);
  // The new tag from the file is offered at once.
  await page.getByRole('button', { name: 'Tag filter' }).click();
  await page.getByRole('combobox', { name: 'Filter by tag Navy' }).waitFor();
});

test('a dropped file imports too; "Add only" reports existing emails as failed rows', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await page.evaluate((csv) => {
    const zone = document.querySelector('user-manager')!.shadowRoot!.querySelector('um-import-dialog')!.shadowRoot!.querySelector('.drop')!;
    const data = new DataTransfer();
    data.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, 'email,name\nada@example.com,Ada Again\nnew@example.com,New Person\n');
  await dialog.getByText(/^dropped\.csv · \d+ bytes$/).waitFor();
  await dialog.getByRole('radio', { name: 'Add only' }).check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await dialog.getByText('Import finished: 2 rows, 1 row failed.').waitFor();
  expect(await dialog.getByRole('table', { name: 'Failed rows' }).getByRole('row').nth(1).innerText()).toMatch(/^2\temail\t/);
  expect(await emails(appId)).toEqual(['ada@example.com Ada Lovelace', 'alan@example.org Alan Turing', 'new@example.com New Person']);

  // "Import another file" starts over.
  await dialog.getByRole('button', { name: 'Import another file' }).click();
  await dialog.getByRole('button', { name: 'Start import' }).waitFor();
  expect(await dialog.getByRole('button', { name: 'Start import' }).isDisabled()).toBe(true);
});

test('the upload shows while it goes; a file the server refuses says why', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/csv/import?**', async (route) => {
    await gate;
    await route.continue();
  });
  await chooseFile(page, 'no-email.csv', 'name,company\nNobody,Nowhere\n');
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await dialog.getByRole('status').getByText('Uploading no-email.csv…').waitFor();
  release();
  await dialog
    .getByRole('alert')
    .getByText(/^The import stopped: .*email/)
    .waitFor();
});

test('Export downloads the CSV of the users the current filter shows', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId);
  const all = await downloadText(page, () => page.getByRole('button', { name: 'Export' }).click());
  expect(all.name).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
  expect(rows(all.text)[0]).toBe('id,email,name,status,tags,signed_up_at,last_access_at,company');
  expect(
    rows(all.text)
      .slice(1)
      .map((line) => line.split(',')[1])
      .sort(),
  ).toEqual(['ada@example.com', 'alan@example.org']);
  await page
    .getByRole('status')
    .getByText(/^Exported every user to users-/)
    .waitFor();

  await page.getByRole('tab', { name: /^Banned/ }).click();
  await eventually(() => shownNames(page), ['Alan Turing']);
  const banned = await downloadText(page, () => page.getByRole('button', { name: 'Export' }).click());
  expect(
    rows(banned.text)
      .slice(1)
      .map((line) => line.split(',')[1]),
  ).toEqual(['alan@example.org']);
});

test('import and export need the admin role: a manager is not offered them, and the server refuses them anyway', async () => {
  const { appId } = await fixture.seed({ fields, tags, users });
  const page = await fixture.open(appId, { role: 'manager' });
  await page.getByRole('combobox', { name: 'Status for Ada Lovelace' }).waitFor();
  expect(await page.getByRole('button', { name: 'Export' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
  const token = await tokens.sign({ subject: 'manager@host', appId, role: 'manager' });
  const refused = await fetch(`${fixture.server.url}/csv/export`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(403);
});
