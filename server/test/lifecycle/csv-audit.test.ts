import { randomUUID } from 'node:crypto';
import { getCsv, importCsv, postImport } from '../csv/support';
import { newAppId, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { lifecycle: { jobs: false } });
});
afterAll(() => server.close());

const LOG = `{ auditLog { edges { node { action actor role details } } } }`;

test('every import and export is in the audit log, with who ran it and what it did', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const imported = await importCsv(server, appId, 'email,name\nada@example.com,Ada\nbob@example.com,Bob\nnot-an-email,Nobody\n');
  expect(imported.status).toBe('SUCCEEDED');
  await importCsv(server, appId, 'email\nada@example.com\n', 'dry-run');
  const refused = await postImport(server, appId, 'name\nno email column\n');
  expect(refused.body.status).toBe('FAILED');
  const exported = await getCsv(server, appId, '/csv/export?filter=' + encodeURIComponent(JSON.stringify({ search: 'ada' })));
  expect(exported.status).toBe(200);

  const entries = (await admin.ok(LOG)).auditLog.edges.map((edge: any) => edge.node).reverse();
  expect(entries).toEqual([
    {
      action: 'csv.import',
      actor: 'admin@test',
      role: 'admin',
      details: { jobId: imported.id, mode: 'UPSERT', status: 'SUCCEEDED', processed: 3, created: 2, updated: 0, unchanged: 0, failed: 1 },
    },
    expect.objectContaining({ action: 'csv.import', details: expect.objectContaining({ mode: 'DRY_RUN', status: 'SUCCEEDED' }) }),
    expect.objectContaining({ action: 'csv.import', details: expect.objectContaining({ jobId: refused.body.jobId, status: 'FAILED' }) }),
    { action: 'csv.export', actor: 'admin@test', role: 'admin', details: { filter: { search: 'ada' } } },
  ]);
});

test('an export never holds a password or its hash', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  await admin.ok(`mutation { createUser(input: { email: "pw@example.com", password: "exported never 1" }) { id } }`);
  const exported = await getCsv(server, appId, '/csv/export');
  expect(exported.text).toContain('pw@example.com');
  expect(exported.text).not.toMatch(/argon2|exported never|password/i);
});

test('deleting a user also drops failed import rows that hold the email', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const email = `gone-${randomUUID().slice(0, 8)}@example.com`;
  const job = await importCsv(server, appId, `email,status\n${email},ACTIVE\n${email.toUpperCase()},BANNED\nother@example.com,WHATEVER\n`);
  expect(job.failed).toBe(2);
  const [{ id }] = (await server.db.query<{ id: string }>('SELECT id FROM users WHERE app_id = $1 AND email = $2', [appId, email])) as [{ id: string }];
  await admin.ok(`mutation($id: ID!) { deleteUser(id: $id) }`, { id });
  const rows = await server.db.query<{ cells: string[] }>('SELECT cells FROM import_job_errors WHERE app_id = $1', [appId]);
  expect(rows.map((row) => row.cells[0])).toEqual(['other@example.com']);
  const [left] = await server.db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM import_job_errors WHERE strpos(lower(cells::text || problems::text), $1) > 0)
          + (SELECT count(*) FROM audit_log WHERE strpos(lower(details::text), $1) > 0) AS n`,
    [email],
  );
  expect(Number(left!.n)).toBe(0);
});

test('an import that activates a banned user clears the whole ban, its end and author included', async () => {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const { createUser } = await admin.ok(`mutation { createUser(input: { email: "timed@example.com" }) { id } }`);
  const until = new Date(Date.now() + 3_600_000).toISOString();
  await admin.ok(`mutation($id: ID!, $until: DateTime) { setUserStatus(id: $id, status: BANNED, reason: "Cool off", bannedUntil: $until) { id } }`, {
    id: createUser.id,
    until,
  });
  await importCsv(server, appId, 'email,status\ntimed@example.com,ACTIVE\n');
  const { user } = await admin.ok(`query($id: ID!) { user(id: $id) { status bannedAt banReason bannedBy bannedUntil } }`, { id: createUser.id });
  expect(user).toEqual({ status: 'ACTIVE', bannedAt: null, banReason: null, bannedBy: null, bannedUntil: null });
});
