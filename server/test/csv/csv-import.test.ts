import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { authHeader, eventually, exportRows, generatedCsv, getCsv, importCsv, job, parseCsv, postImport, waitForJob } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name));

async function createFields(appId: string, fields: Array<Record<string, unknown>>) {
  const client = await server.client(appId);
  for (const input of fields) {
    await client.ok('mutation ($input: CreateProfileFieldInput!) { createProfileField(input: $input) { id } }', { input });
  }
  return client;
}

async function usersOf(appId: string) {
  const client = await server.client(appId);
  const data = await client.ok(`{ users(first: 300, orderBy: { field: EMAIL, direction: ASC }) {
    totalCount edges { node { email name status profile signedUpAt bannedAt tags { name } } } } }`);
  return {
    total: data.users.totalCount as number,
    byEmail: Object.fromEntries(
      data.users.edges.map(({ node }: any) => [node.email, { ...node, tags: node.tags.map((tag: { name: string }) => tag.name) }]),
    ) as Record<string, any>,
  };
}

describe('access', () => {
  it('needs a token (401) of the admin role (403) on every CSV route', async () => {
    const appId = newAppId();
    const routes: Array<[string, string]> = [
      ['GET', '/csv/template'],
      ['POST', '/csv/import'],
      ['GET', '/csv/import/00000000-0000-0000-0000-000000000000/errors'],
      ['GET', '/csv/export'],
    ];
    for (const [method, route] of routes) {
      const anonymous = await fetch(`${server.url}${route}`, { method, body: method === 'POST' ? 'email\n' : undefined });
      expect([route, anonymous.status, ((await anonymous.json()) as any).error.code]).toEqual([route, 401, 'UNAUTHENTICATED']);
      for (const role of ['viewer', 'manager', 'service'] as const) {
        const response = await fetch(`${server.url}${route}`, {
          method,
          headers: await authHeader(appId, role),
          body: method === 'POST' ? 'email\na@example.com\n' : undefined,
        });
        const body = (await response.json()) as any;
        expect([route, role, response.status, body.error.code]).toEqual([route, role, 403, 'FORBIDDEN']);
        expect(body.error.message).toMatch(/needs admin/);
      }
    }
    const bad = await fetch(`${server.url}/csv/export`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(await usersOf(appId)).toEqual({ total: 0, byEmail: {} });
    const viewer = await server.client(appId, 'viewer');
    expect((await viewer.error('{ importJob(id: "00000000-0000-0000-0000-000000000000") { id } }')).extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps jobs within their app', async () => {
    const owner = newAppId();
    const posted = await postImport(server, owner, 'email\na@example.com\n');
    const other = await server.client(newAppId());
    expect(await other.ok('query ($id: ID!) { importJob(id: $id) { id } }', { id: posted.body.jobId })).toEqual({ importJob: null });
    expect((await getCsv(server, newAppId(), `/csv/import/${posted.body.jobId}/errors`)).status).toBe(404);
    await waitForJob(await server.client(owner), posted.body.jobId);
  });
});

describe('GET /csv/template', () => {
  it("gives the header and an example row for the app's fields, as UTF-8 with a byte-order mark", async () => {
    const appId = newAppId();
    await createFields(appId, [
      { key: 'company', label: 'Company', type: 'TEXT' },
      { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Pro', 'Free'], required: true },
      { key: 'seats', label: 'Seats', type: 'NUMBER' },
    ]);
    const template = await getCsv(server, appId, '/csv/template');
    expect(template.status).toBe(200);
    expect(template.type).toBe('text/csv; charset=utf-8');
    expect(template.text.startsWith('\uFEFFemail,name,status,tags,signed_up_at,company,plan,seats\n')).toBe(true);
    expect(await parseCsv(template.text)).toEqual([
      ['email', 'name', 'status', 'tags', 'signed_up_at', 'company', 'plan', 'seats'],
      ['ada@example.com', 'Ada Lovelace', 'ACTIVE', 'VIP;Newsletter', '2024-01-15T09:30:00Z', 'Example company', 'Pro', '42'],
    ]);
    // The template as it comes imports as it is.
    const imported = await importCsv(server, appId, template.text);
    expect(imported).toMatchObject({ status: 'SUCCEEDED', created: 1, failed: 0, warnings: [] });
  });
});

describe('a spreadsheet file', () => {
  it('imports RFC 4180 and what spreadsheets write: BOM, CRLF, quotes, line breaks in cells, blank rows, odd headers', async () => {
    const appId = newAppId();
    await createFields(appId, [
      { key: 'company', label: 'Company', type: 'TEXT' },
      { key: 'newsletter', label: 'Newsletter', type: 'BOOLEAN' },
    ]);
    const posted = await postImport(server, appId, fixture('spreadsheet.csv'));
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ status: 'QUEUED', totalRows: 4, warnings: ['Column "Nickname" is not a column of this app and was ignored'] });
    const done = await waitForJob(await server.client(appId), posted.body.jobId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', mode: 'UPSERT', totalRows: 4, processedRows: 4, created: 4, updated: 0, failed: 0, errors: [] });

    const { total, byEmail } = await usersOf(appId);
    expect(total).toBe(4);
    expect(byEmail['ada@example.com']).toMatchObject({
      name: 'Lovelace, Ada',
      status: 'ACTIVE',
      tags: ['Beta tester', 'VIP'],
      signedUpAt: '2015-12-10T09:30:00.000Z',
      profile: { company: 'Analytical "Engines" Ltd', newsletter: true },
    });
    expect(byEmail['grace@example.com']).toMatchObject({
      name: 'Grace Hopper',
      status: 'BANNED',
      signedUpAt: '1906-12-09T00:00:00.000Z',
      profile: { company: 'Navy\r\nResearch Lab', newsletter: false },
    });
    expect(byEmail['grace@example.com'].bannedAt).not.toBeNull();
    expect(byEmail['linus@example.com']).toMatchObject({ name: 'Linus O"Brien', status: 'ACTIVE', tags: [], profile: { company: 'Torvalds & Co' } });
    // "vip" is the tag "VIP" already made by row 2: names match without case.
    expect(byEmail['margaret@example.com'].tags).toEqual(['Apollo', 'VIP']);
    const client = await server.client(appId);
    expect((await client.ok('{ tags { name userCount } }')).tags).toEqual([
      { name: 'Apollo', userCount: 1 },
      { name: 'Beta tester', userCount: 1 },
      { name: 'VIP', userCount: 3 },
    ]);
  });

  it('imports an LF file with every cell quoted and no final line break', async () => {
    const appId = newAppId();
    await createFields(appId, [{ key: 'company', label: 'Company', type: 'TEXT' }]);
    expect(await importCsv(server, appId, fixture('rfc4180-lf.csv'))).toMatchObject({ status: 'SUCCEEDED', created: 2, failed: 0 });
    const { byEmail } = await usersOf(appId);
    expect(byEmail['zoe@example.com']).toMatchObject({
      name: 'Zoë "Z" Müller',
      tags: ['Second tag', 'Ünïcode'],
      profile: { company: 'Line one\nline two, with a comma' },
    });
    expect(byEmail['soren@example.com']).toMatchObject({ name: 'Søren', tags: [], profile: { company: ' leading and trailing spaces ' } });
  });
});

describe('bad input', () => {
  it('reports each bad row with its row and column, writes the good ones, and hands back the failed rows to fix', async () => {
    const appId = newAppId();
    await createFields(appId, [
      { key: 'seats', label: 'Seats', type: 'NUMBER' },
      { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free', 'Pro'], required: true },
    ]);
    const file = [
      'email,name,status,signed_up_at,seats,plan,tags',
      'good@example.com,Good,ACTIVE,2024-01-01,3,Pro,',
      'not-an-email,Bad Email,,,,Pro,',
      'status@example.com,,SUSPENDED,,,Pro,',
      'date@example.com,,,01/02/2024,,Pro,',
      'seats@example.com,,,,three,Pro,',
      'plan@example.com,,,,,Gold,',
      'required@example.com,,,,,,',
      'GOOD@example.com,Same email again,,,,Pro,',
      `tags@example.com,,,,,Pro,ok;${'t'.repeat(70)}`,
      '=formula@example.com,Formula,,,,Pro,',
      'extra@example.com,Extra,,,,Pro,,spilled',
    ].join('\n');
    const done = await importCsv(server, appId, file);
    expect(done).toMatchObject({ status: 'SUCCEEDED', totalRows: 11, processedRows: 11, created: 2, failed: 9 });
    expect(done.errors).toEqual([
      { row: 3, column: 'email', message: 'email "not-an-email" is not a valid email address' },
      { row: 4, column: 'status', message: 'status must be ACTIVE or BANNED, not "SUSPENDED"' },
      { row: 5, column: 'signed_up_at', message: expect.stringMatching(/^signed_up_at must be an ISO 8601 date/) },
      { row: 6, column: 'seats', message: 'Seats (seats) must be a number such as 42 or -3.5' },
      { row: 7, column: 'plan', message: 'Plan (plan) must be one of "Free", "Pro"' },
      { row: 8, column: 'plan', message: 'Plan (plan) is required for a new user' },
      { row: 9, column: 'email', message: 'email good@example.com is already in row 2 of this file (emails are compared without case)' },
      { row: 10, column: 'tags', message: expect.stringMatching(/must be at most 64 characters$/) },
      { row: 12, column: '', message: 'The row has 8 cells but the header has 7: is a comma missing its quotes?' },
    ]);
    expect(Object.keys((await usersOf(appId)).byEmail).sort()).toEqual(['=formula@example.com', 'good@example.com']);

    const errorsFile = await getCsv(server, appId, `/csv/import/${done.id}/errors`);
    expect(errorsFile.status).toBe(200);
    expect(errorsFile.type).toBe('text/csv; charset=utf-8');
    const rows = await parseCsv(errorsFile.text);
    expect(rows[0]).toEqual(['email', 'name', 'status', 'signed_up_at', 'seats', 'plan', 'tags', 'error']);
    expect(rows.slice(1).map((row) => row[0])).toEqual([
      'not-an-email',
      'status@example.com',
      'date@example.com',
      'seats@example.com',
      'plan@example.com',
      'required@example.com',
      'GOOD@example.com',
      'tags@example.com',
      'extra@example.com',
    ]);
    expect(rows[1]).toEqual(['not-an-email', 'Bad Email', '', '', '', 'Pro', '', 'email "not-an-email" is not a valid email address']);

    // Fixed the spreadsheet way: edit the cells, leave the error column, upload again.
    const fixes: Record<string, [number, string]> = {
      'not-an-email': [0, 'fixed@example.com'],
      'status@example.com': [2, 'banned'],
      'date@example.com': [3, '2024-02-01'],
      'seats@example.com': [4, '3'],
      'plan@example.com': [5, 'Free'],
      'required@example.com': [5, 'Pro'],
      'GOOD@example.com': [1, 'Good Again'],
      'tags@example.com': [6, 'ok;short'],
      'extra@example.com': [1, 'Extra'],
    };
    const fixed = rows.map((row, index) => {
      if (index === 0) return row;
      const [column, value] = fixes[row[0]!]!;
      const copy = [...row];
      copy[column] = value;
      return copy;
    });
    const again = await importCsv(server, appId, fixed.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\r\n'));
    expect(again).toMatchObject({ status: 'SUCCEEDED', failed: 0, created: 8, updated: 1, warnings: [] });
    const { total, byEmail } = await usersOf(appId);
    expect(total).toBe(10);
    expect(byEmail['good@example.com'].name).toBe('Good Again');
    expect(byEmail['status@example.com'].status).toBe('BANNED');
    expect(byEmail['tags@example.com'].tags).toEqual(['ok', 'short']);
  });

  it.each([
    ['a file without an email column', 'name,status\nAda,ACTIVE\n', /^The file has no "email" column/],
    ['an empty file', '', /^The file is empty/],
    [
      'a spreadsheet workbook (binary)',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
      /^This is not a CSV text file: it holds binary data/,
    ],
    ['compressed data', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x65, 0x6d]), /^The file is not UTF-8 text \(row 1, byte 2/],
    ['Latin-1 text', Buffer.concat([Buffer.from('email,name\nrene@example.com,Ren'), Buffer.from([0xe9, 0x0a])]), /not UTF-8 text \(row 2/],
    ['UTF-16 text', Buffer.from('\ufeffemail\na@example.com\n', 'utf16le'), /UTF-16/],
    ['an unclosed quote', 'email,name\na@example.com,"Ada\nb@example.com,Bob\n', /^Row 2 has a quoted cell that is never closed/],
    ['text after a closing quote', 'email,name\na@example.com,"Ada" Lovelace\n', /^Row 2 has text after the closing quote/],
    ['a column named twice', 'email,Email\na@example.com,b@example.com\n', /names the column "email" twice/],
  ])('fails %s at once with a message, writing nothing', async (_name, body, message) => {
    const appId = newAppId();
    const posted = await postImport(server, appId, body);
    expect(posted.status).toBe(202);
    expect(posted.body.status).toBe('FAILED');
    expect(posted.body.message).toMatch(message);
    const failed = await job(await server.client(appId), posted.body.jobId);
    expect(failed).toMatchObject({ status: 'FAILED', processedRows: 0, created: 0, message: posted.body.message });
    expect((await usersOf(appId)).total).toBe(0);
  });

  it('refuses an unknown mode and a form upload', async () => {
    const appId = newAppId();
    const mode = await postImport(server, appId, 'email\n', 'replace');
    expect(mode.status).toBe(400);
    expect(mode.body).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'mode', message: 'mode must be upsert, insert or dry-run' } });
    const form = new FormData();
    form.append('file', new Blob(['email\na@example.com\n']), 'users.csv');
    const multipart = await fetch(`${server.url}/csv/import`, { method: 'POST', headers: await authHeader(appId), body: form });
    expect(multipart.status).toBe(415);
    expect(((await multipart.json()) as any).error.message).toMatch(/--data-binary/);
  });
});

describe('IMPORT_MAX_BYTES', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ IMPORT_MAX_BYTES: '2048' });
  });
  afterAll(() => small.close());

  it('answers 413 to a body declared larger, and to a streamed one that grows larger, keeping nothing', async () => {
    const appId = newAppId();
    const big = generatedCsv(100);
    expect(Buffer.byteLength(big)).toBeGreaterThan(2048);
    const declared = await postImport(small, appId, big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      authHeader(appId).then((auth) => {
        const request = http.request(`${small.url}/csv/import`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth } }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body }));
        });
        request.on('error', reject);
        // No Content-Length: chunked, so only counting the bytes can tell.
        request.write(big.slice(0, 1500));
        setTimeout(() => request.end(big.slice(1500)), 50);
      }, reject);
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.message).toMatch(/larger than the 2048 bytes/);

    const jobs = await small.db.query<{ count: number }>('SELECT count(*)::int AS count FROM import_jobs WHERE app_id = $1', [appId]);
    expect(jobs[0]!.count).toBe(0);
    const ok = await postImport(small, appId, generatedCsv(5));
    expect(ok.status).toBe(202);
    await waitForJob(await small.client(appId), ok.body.jobId);
    expect((await usersOf(appId)).total).toBe(5);
  });
});

it('keeps nothing of an upload the client abandons half way', async () => {
  const appId = newAppId();
  const auth = await authHeader(appId);
  await new Promise<void>((resolve) => {
    const request = http.request(`${server.url}/csv/import`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth } });
    request.on('error', () => resolve());
    request.write(generatedCsv(20_000).slice(0, 1_500_000));
    setTimeout(() => {
      request.destroy();
      resolve();
    }, 300);
  });
  // The upload's transaction rolls back once the server notices the connection is gone.
  await eventually(() => server.logs.find((line) => line.app === appId && line.msg === 'csv import abandoned by the client'));
  const rows = await server.db.query<{ jobs: number; chunks: number }>(
    `SELECT (SELECT count(*)::int FROM import_jobs WHERE app_id = $1) AS jobs, (SELECT count(*)::int FROM import_job_chunks WHERE app_id = $1) AS chunks`,
    [appId],
  );
  expect(rows[0]).toEqual({ jobs: 0, chunks: 0 });
});

describe('modes', () => {
  const file = ['email,name,status,tags', 'old@example.com,Old Name,BANNED,alpha', 'new@example.com,New,,beta'].join('\n');

  async function appWithOldUser() {
    const appId = newAppId();
    const client = await server.client(appId);
    const tag = await client.ok('mutation { createTag(input: { name: "Existing" }) { id } }');
    await client.ok('mutation ($tags: [ID!]) { createUser(input: { email: "old@example.com", name: "Old", tagIds: $tags }) { id } }', {
      tags: [tag.createTag.id],
    });
    return { appId, client };
  }

  it('dry run checks and counts as an upsert would, and writes nothing', async () => {
    const { appId, client } = await appWithOldUser();
    const before = await usersOf(appId);
    const done = await importCsv(server, appId, `${file}\nbad,,,\n`, 'dry-run');
    expect(done).toMatchObject({ status: 'SUCCEEDED', mode: 'DRY_RUN', processedRows: 3, created: 1, updated: 1, unchanged: 0, failed: 1 });
    expect(done.errors).toEqual([{ row: 4, column: 'email', message: 'email "bad" is not a valid email address' }]);
    expect(await usersOf(appId)).toEqual(before);
    expect((await client.ok('{ tags { name } }')).tags).toEqual([{ name: 'Existing' }]);
  });

  it('insert mode adds new users and reports existing emails as row errors', async () => {
    const { appId } = await appWithOldUser();
    const done = await importCsv(server, appId, file, 'insert');
    expect(done).toMatchObject({ status: 'SUCCEEDED', mode: 'INSERT', created: 1, updated: 0, failed: 1 });
    expect(done.errors).toEqual([{ row: 2, column: 'email', message: 'A user with this email already exists (insert mode adds new users only)' }]);
    const { byEmail } = await usersOf(appId);
    expect(byEmail['old@example.com']).toMatchObject({ name: 'Old', status: 'ACTIVE', tags: ['Existing'] });
    expect(byEmail['new@example.com']).toMatchObject({ name: 'New', status: 'ACTIVE', tags: ['beta'] });
  });

  it('upsert updates what a row gives, merges tags, and leaves empty cells alone', async () => {
    const { appId } = await appWithOldUser();
    await createFields(appId, [{ key: 'company', label: 'Company', type: 'TEXT' }]);
    const first = await importCsv(
      server,
      appId,
      'email,name,status,tags,signed_up_at,company\nold@example.com,Old Name,BANNED,alpha,2001-02-03T04:05:06.789Z,Acme\n',
    );
    expect(first).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const emptyCells = await importCsv(server, appId, 'email,name,status,tags,signed_up_at,company\nOLD@example.com,,,,,\n');
    expect(emptyCells).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const { byEmail } = await usersOf(appId);
    expect(byEmail['old@example.com']).toMatchObject({
      name: 'Old Name',
      status: 'BANNED',
      tags: ['alpha', 'Existing'],
      signedUpAt: '2001-02-03T04:05:06.789Z',
      profile: { company: 'Acme' },
    });
  });

  it('re-importing the same file changes nothing and duplicates nothing', async () => {
    const appId = newAppId();
    const csv = generatedCsv(300, { tags: (n) => `bucket-${n % 7};Shared` });
    expect(await importCsv(server, appId, csv)).toMatchObject({ created: 300, updated: 0, unchanged: 0, failed: 0 });
    const before = await exportRows(server, appId);
    expect(await importCsv(server, appId, csv)).toMatchObject({ created: 0, updated: 0, unchanged: 300, failed: 0 });
    expect(await exportRows(server, appId)).toEqual(before);
    const client = await server.client(appId);
    expect((await client.ok('{ tags { name } }')).tags).toHaveLength(8);
  });
});

describe('users deleted while an import runs', () => {
  it('a user deleted while the batch that changes them runs is a failed row, "deleted while importing", not unchanged', async () => {
    const appId = newAppId();
    await importCsv(server, appId, 'email,name\ngone@example.com,Before\nstays@example.com,Before\n');
    // Another writer holds the user, so the batch finds them and then waits on them.
    const other = await server.db.connect();
    await other.execute('BEGIN');
    await other.query(`SELECT id FROM users WHERE app_id = $1 AND email = 'gone@example.com' FOR UPDATE`, [appId]);
    const [{ xid }] = (await other.query<{ xid: string }>('SELECT txid_current()::text AS xid')) as [{ xid: string }];
    const posted = await postImport(server, appId, 'email,name\ngone@example.com,After\nstays@example.com,After\n');
    expect(posted.status).toBe(202);
    for (const deadline = Date.now() + 20_000; ;) {
      const waiting = await server.db.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`, [xid]);
      if (waiting.length > 0) break;
      if (Date.now() > deadline) throw new Error('The import never waited on the user');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await other.execute(`DELETE FROM users WHERE app_id = $1 AND email = 'gone@example.com'`, [appId]);
    await other.execute('COMMIT');
    await other.release();
    const done = await waitForJob(await server.client(appId), posted.body.jobId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', updated: 1, unchanged: 0, failed: 1, created: 0 });
    expect(done.errors).toEqual([
      { row: 2, column: 'email', message: 'The user with this email was deleted while importing; import the row again to create them anew' },
    ]);
  });
});

describe('export', () => {
  it('escapes formula cells, and import takes the escape off again', async () => {
    const appId = newAppId();
    await createFields(appId, [
      { key: 'note', label: 'Note', type: 'TEXT' },
      { key: 'balance', label: 'Balance', type: 'NUMBER' },
    ]);
    const client = await server.client(appId);
    for (const [email, name, note, balance] of [
      ['=cmd@example.com', '=HYPERLINK("http://x","click")', '@SUM(A1:A9)', -42],
      ['plus@example.com', '+1 555 0100', '\tindented', 7],
      ['quote@example.com', "'=already quoted", "'plain quote", 0],
    ] as const) {
      await client.ok('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
        input: { email, name, profile: { note, balance } },
      });
    }
    const exported = await getCsv(server, appId, '/csv/export');
    const rows = await parseCsv(exported.text);
    const byEmail = Object.fromEntries(rows.slice(1).map((row) => [row[1], row]));
    expect(byEmail["'=cmd@example.com"]!.slice(1, 3)).toEqual(["'=cmd@example.com", '\'=HYPERLINK("http://x","click")']);
    expect(byEmail["'=cmd@example.com"]!.slice(7)).toEqual(["'@SUM(A1:A9)", "'-42"]);
    expect(byEmail['plus@example.com']!.slice(2, 3)).toEqual(["'+1 555 0100"]);
    expect(byEmail['plus@example.com']!.slice(7)).toEqual(["'\tindented", '7']);
    expect(byEmail['quote@example.com']!.slice(2, 3)).toEqual(["''=already quoted"]);
    expect(byEmail['quote@example.com']!.slice(7)).toEqual(["'plain quote", '0']);

    const restored = newAppId();
    await createFields(restored, [
      { key: 'note', label: 'Note', type: 'TEXT' },
      { key: 'balance', label: 'Balance', type: 'NUMBER' },
    ]);
    expect(await importCsv(server, restored, exported.text)).toMatchObject({ created: 3, failed: 0 });
    const { byEmail: users } = await usersOf(restored);
    expect(users['=cmd@example.com']).toMatchObject({ name: '=HYPERLINK("http://x","click")', profile: { note: '@SUM(A1:A9)', balance: -42 } });
    expect(users['plus@example.com']).toMatchObject({ name: '+1 555 0100', profile: { note: '\tindented', balance: 7 } });
    expect(users['quote@example.com']).toMatchObject({ name: "'=already quoted", profile: { note: "'plain quote", balance: 0 } });
  });

  it('restores into an empty app as the same rows apart from id and last access (the backup round trip)', async () => {
    const fields = [
      { key: 'company', label: 'Company', type: 'TEXT' },
      { key: 'seats', label: 'Seats', type: 'NUMBER' },
      { key: 'renewal', label: 'Renewal', type: 'DATE' },
      { key: 'newsletter', label: 'Newsletter', type: 'BOOLEAN' },
      { key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free', 'Pro, annual'] },
    ];
    const source = newAppId();
    const client = await createFields(source, fields);
    const tagIds: string[] = [];
    for (const name of ['VIP', 'Café & Crème', 'beta "testers"']) {
      tagIds.push((await client.ok('mutation ($name: String!) { createTag(input: { name: $name }) { id } }', { name })).createTag.id);
    }
    const people = [
      {
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        profile: { company: 'Analytical, "Engines"\nLondon', seats: 12.5, renewal: '2025-02-28', newsletter: true, plan: 'Pro, annual' },
        tagIds,
      },
      { email: 'zoe@example.com', name: 'Zoë Łukasz 東京', profile: { seats: -3, newsletter: false }, tagIds: [tagIds[1]] },
      { email: 'bare@example.com' },
    ];
    for (const input of people) await client.ok('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', { input });
    const ada = (await client.ok('{ users(filter: { search: "ada@" }) { edges { node { id } } } }')).users.edges[0].node.id;
    await client.ok('mutation ($id: ID!) { setUserStatus(id: $id, status: BANNED, reason: "Spam") { id } }', { id: ada });
    await importCsv(server, source, generatedCsv(120, { tags: (n) => (n % 3 === 0 ? '' : `bucket-${n % 5};VIP`) }));

    const first = await getCsv(server, source, '/csv/export');
    expect(first.text.startsWith('\uFEFFid,email,name,status,tags,signed_up_at,last_access_at,company,seats,renewal,newsletter,plan\n')).toBe(true);

    const restored = newAppId();
    await createFields(restored, fields);
    expect(await importCsv(server, restored, first.text)).toMatchObject({ status: 'SUCCEEDED', created: 123, failed: 0, warnings: [] });
    const second = await getCsv(server, restored, '/csv/export');

    const comparable = async (text: string) => (await parseCsv(text)).map(([, ...cells]) => [...cells.slice(0, 5), ...cells.slice(6)]);
    const before = await comparable(first.text);
    expect(before).toHaveLength(124);
    expect(await comparable(second.text)).toEqual(before);
    const adaRow = before.find((row) => row[0] === 'ada@example.com')!;
    expect(adaRow).toEqual([
      'ada@example.com',
      'Ada Lovelace',
      'BANNED',
      'VIP;Café & Crème;beta "testers"',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/),
      'Analytical, "Engines"\nLondon',
      '12.5',
      '2025-02-28',
      'true',
      'Pro, annual',
    ]);
  });

  it('exports only the users a filter matches, the same ones the users query gives', async () => {
    const appId = newAppId();
    await importCsv(server, appId, generatedCsv(200, { tags: (n) => (n % 3 === 0 ? 'red' : n % 3 === 1 ? 'green' : 'red;blue') }));
    const client = await server.client(appId);
    const tags = Object.fromEntries((await client.ok('{ tags { id name } }')).tags.map((tag: { id: string; name: string }) => [tag.name, tag.id]));
    const filters = [
      { status: 'BANNED' },
      { tags: { all: [tags.red], none: [tags.blue] } },
      { search: 'user1', signedUp: { from: '2024-01-05T00:00:00Z', to: '2024-01-20T00:00:00Z' } },
      { tags: { any: [tags.green, tags.blue] }, status: 'ACTIVE' },
    ];
    for (const filter of filters) {
      const queried = await client.ok('query ($filter: UserFilter) { users(filter: $filter, first: 200) { edges { node { email } } } }', { filter });
      const expected = queried.users.edges.map((edge: { node: { email: string } }) => edge.node.email).sort();
      const exported = await exportRows(server, appId, filter);
      expect([filter, exported.map((row) => row.email)]).toEqual([filter, expected]);
      expect(exported.length).toBeGreaterThan(0);
      expect(exported.length).toBeLessThan(200);
    }
  });

  it('refuses a filter that is not a UserFilter, naming the field', async () => {
    const appId = newAppId();
    for (const [filter, field] of [
      ['{"status":"GONE"}', 'filter.status'],
      ['{"colour":"red"}', 'filter.colour'],
      ['{"tags":{"all":["not-an-id"]}}', 'filter.tags.all'],
      ['{"signedUp":{"from":"yesterday"}}', 'filter.signedUp.from'],
      ['{"signedUp":{"from":"0000-01-01T00:00:00Z"}}', 'filter.signedUp.from'],
      ['{"signedUp":{"to":"0000-06-01T00:00:00+02:00"}}', 'filter.signedUp.to'],
      ['[1,2]', 'filter'],
      ['{status', 'filter'],
    ]) {
      const response = await getCsv(server, appId, `/csv/export?filter=${encodeURIComponent(filter!)}`);
      expect([filter, response.status, JSON.parse(response.text).error]).toEqual([filter, 400, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
  });

  it('refuses a filter given twice, and the same dates in the users query, each naming the field', async () => {
    const appId = newAppId();
    const twice = await getCsv(server, appId, `/csv/export?filter=${encodeURIComponent('{"status":"BANNED"}')}&filter=${encodeURIComponent('{}')}`);
    expect([twice.status, JSON.parse(twice.text).error]).toEqual([
      400,
      { code: 'BAD_USER_INPUT', field: 'filter', message: 'filter must be given once, as a UserFilter written as JSON' },
    ]);
    const client = await server.client(appId, 'viewer');
    const error = await client.error('{ users(filter: { signedUp: { from: "0000-01-01T00:00:00Z" } }) { totalCount } }');
    expect(error).toMatchObject({
      message: 'filter.signedUp.from must be a date-time between the years 1 and 9999',
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.signedUp.from' },
    });
  });

  it('logs every import it receives and every export with who did it', async () => {
    // The job's own "started" and "finished" lines come from whichever server runs it: the queue is
    // shared, and the test files' servers share one database, so they are not asserted here.
    const appId = newAppId();
    await importCsv(server, appId, generatedCsv(3));
    await exportRows(server, appId);
    await eventually(() => server.logs.find((line) => line.app === appId && line.msg === 'csv export'));
    const lines = server.logs.filter((line) => line.app === appId && typeof line.msg === 'string' && line.msg.startsWith('csv '));
    expect(lines.find((line) => line.msg === 'csv import received')).toMatchObject({ sub: 'admin@test', mode: 'UPSERT', rows: 3 });
    expect(lines.find((line) => line.msg === 'csv export')).toMatchObject({ sub: 'admin@test', rows: 3 });
  });
});

describe('keeping jobs', () => {
  it('keeps a finished job and its failed rows 30 days, then the hourly purge drops them', async () => {
    const appId = newAppId();
    const old = await importCsv(server, appId, 'email\nnot-an-email\n');
    const recent = await importCsv(server, appId, 'email\nalso-not-an-email\n');
    await server.db.execute(`UPDATE import_jobs SET finished_at = now() - interval '31 days' WHERE id = $1`, [old.id]);

    expect((await server.jobs.purge()).imports).toBeGreaterThanOrEqual(1);
    const client = await server.client(appId);
    expect(await client.ok('query ($id: ID!) { importJob(id: $id) { id } }', { id: old.id })).toEqual({ importJob: null });
    const [left] = await server.db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM import_job_errors WHERE job_id = $1', [old.id]);
    expect(left!.rows).toBe(0);
    expect((await job(client, recent.id)).errors).toEqual([{ row: 2, column: 'email', message: expect.stringContaining('not a valid email') }]);
  });
});

describe('jobs running side by side', () => {
  it('runs two imports at once, reports progress as it goes, and queries keep answering', async () => {
    const first = newAppId();
    const second = newAppId();
    const [a, b] = await Promise.all([postImport(server, first, generatedCsv(30_000)), postImport(server, second, generatedCsv(30_000, { from: 50_000 }))]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const client = await server.client(first);
    const seen = new Set<number>();
    let answeredWhileRunning = 0;
    for (;;) {
      const current = await job(client, a.body.jobId);
      seen.add(current.processedRows);
      if (current.status === 'SUCCEEDED' || current.status === 'FAILED') break;
      if (current.status === 'RUNNING') {
        const page = await client.ok('{ users(first: 5) { edges { node { email } } } userCounts { all } }');
        expect(page.users.edges.length).toBeLessThanOrEqual(5);
        answeredWhileRunning += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const done = await waitForJob(await server.client(second), b.body.jobId);
    expect(await job(client, a.body.jobId)).toMatchObject({ status: 'SUCCEEDED', created: 30_000, processedRows: 30_000 });
    expect(done).toMatchObject({ status: 'SUCCEEDED', created: 30_000 });
    expect(answeredWhileRunning).toBeGreaterThan(0);
    // Progress moved in steps, not only from nothing to everything.
    expect([...seen].filter((rows) => rows > 0 && rows < 30_000).length).toBeGreaterThan(0);
  });
});
