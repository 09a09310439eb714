import { seeded } from '../support/fixtures';
import { createFuzzFields } from './fuzz-app';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { authHeader, getCsv, waitForJob } from '../csv/support';

/**
 * A CSV fuzzer: files of random bytes, stray and doubled quotes, separators
 * of every kind, cells and rows past the limits, bare CRs, NUL bytes, UTF-16
 * and Latin-1 text, byte-order marks, headers with unknown, repeated and
 * prototype-named columns, in every mode. Each upload gets a clean answer (a
 * 202 whose job ends with a message, or a 4xx naming the problem), never a
 * 500; the errors file of each job can be read; the server logs no
 * unexpected error and is healthy after. The seed is printed; FUZZ_SEED
 * replays a run.
 */

const FILES = 120;
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

let server: TestServer;
let appId: string;

beforeAll(async () => {
  // Small limits, so files past them stay small.
  server = await startTestServer({ IMPORT_MAX_CELL_BYTES: '2048', IMPORT_MAX_ROW_BYTES: '8192' });
  appId = newAppId();
  const admin = await server.client(appId, 'admin');
  await createFuzzFields(admin, ['plan']);

  console.log(`CSV fuzzer: ${FILES} files, FUZZ_SEED=${SEED}`);
}, 60_000);
afterAll(() => server.close());

function fileMaker(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const columns = [
    'email',
    'name',
    'status',
    'tags',
    'signed_up_at',
    'plan',
    'age',
    'vip',
    'born',
    'constructor',
    '__proto__',
    'id',
    'unknown',
    '',
    'EMAIL',
    ' email ',
  ];
  const cells = [
    () => `user${Math.floor(random() * 50)}@example.com`,
    () => pick(['not an email', '@', 'a@b', ' SPACED@Example.COM ']),
    () => pick(['ACTIVE', 'banned', 'deleted', '']),
    () => pick(['VIP;Beta', 'Straße;STRASSE', ';;;', 'x'.repeat(70), 'VIP\u202E']),
    () => pick(['2024-01-01T10:00:00Z', '0000-01-01', '2024-02-30', 'yesterday', '9999-12-31T23:59:59Z']),
    () => pick(['Pro', 'pro', 'Enterprise', '']),
    () => pick(['42', '-3.5', '1e400', 'NaN', 'forty']),
    () => pick(['true', 'FALSE', 'yes']),
    () => pick(['1999-12-31', '1999-02-29', '31/12/1999']),
    () => pick(['"quoted, with comma"', '"unterminated', 'a"b', '"a""b"', '"multi\nline"', '=cmd|calc', "'=safe", '']),
    () => 'é'.repeat(Math.floor(random() * 3000)),
    () => pick(['\u0000', 'nul\u0000inside', '\u2028', '\uFEFF']),
  ];
  const separators = [',', ',', ',', ';', '\t', '|'];
  const endings = ['\n', '\r\n', '\r'];

  return (): { body: Buffer; mode: string } => {
    const separator = pick(separators);
    const ending = pick(endings);
    const width = chance(0.05) ? 1_200 : 1 + Math.floor(random() * 8);
    const header = Array.from({ length: width }, () => pick(columns));
    if (chance(0.7) && !header.includes('email')) header[0] = 'email';
    const rows = Array.from({ length: Math.floor(random() * 40) }, () =>
      Array.from({ length: chance(0.1) ? width + 2 : chance(0.1) ? Math.max(1, width - 1) : width }, () => pick(cells)()).join(separator),
    );
    if (chance(0.05)) rows.push('x,'.repeat(5_000));
    let text = [header.join(separator), ...rows].join(ending) + (chance(0.5) ? ending : '');
    if (chance(0.1)) text = text.slice(0, Math.floor(random() * text.length));
    const encoding = random();
    let body: Buffer;
    if (encoding < 0.6) body = Buffer.from(text, 'utf8');
    else if (encoding < 0.7) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    else if (encoding < 0.8) body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    else if (encoding < 0.9) body = Buffer.from(text, 'latin1');
    else body = Buffer.from(Array.from({ length: Math.floor(random() * 4_000) }, () => Math.floor(random() * 256)));
    const mode = pick(['upsert', 'insert', 'dry-run', 'dry-run', 'merge', '__proto__']);
    return { body, mode };
  };
}

test(`${FILES} random CSV files: every upload is answered cleanly, every job ends with its report, and the server stays healthy`, async () => {
  const nextFile = fileMaker(seeded(SEED));
  const admin = await server.client(appId, 'admin');
  const headers = { 'content-type': 'text/csv', ...(await authHeader(appId)) };
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const logged = server.logs.length;
  for (let index = 0; index < FILES; index += 1) {
    const { body, mode } = nextFile();
    const response = await fetch(`${server.url}/csv/import?mode=${mode}`, { method: 'POST', headers, body });
    const answer = (await response.json()) as { jobId?: string; error?: { code?: string; message?: string } };
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const where = `#${index} (${mode}, ${body.length} bytes): ${response.status} ${JSON.stringify(answer).slice(0, 300)}`;
    if (response.status === 202) {
      const done = await waitForJob(admin, answer.jobId!);
      if (!['SUCCEEDED', 'FAILED'].includes(done.status) || (done.status === 'FAILED' && !done.message)) failures.push(`${where} → ${JSON.stringify(done)}`);
      const errors = await getCsv(server, appId, `/csv/import/${answer.jobId}/errors`);
      if (errors.status !== 200) failures.push(`${where} → errors file ${errors.status}`);
    } else if (![400, 413, 415].includes(response.status) || !answer.error?.code || !answer.error.message) {
      failures.push(where);
    }
  }
  expect(failures).toEqual([]);
  // Both kinds of answer came up: files taken and files refused.
  expect(statuses.get(202)).toBeGreaterThan(10);
  expect((statuses.get(400) ?? 0) + (statuses.get(413) ?? 0)).toBeGreaterThan(10);
  expect(server.logs.slice(logged).filter((line) => Number(line.level) >= 50)).toEqual([]);
  const health = await fetch(`${server.url}/healthz`);
  expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
}, 300_000);
