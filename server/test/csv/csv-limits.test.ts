/**
 * The limits on what a CSV file may hold (IMPORT_MAX_CELL_BYTES,
 * IMPORT_MAX_ROW_BYTES, 1,000 cells a row), checked while the upload streams
 * in, and a parser whose work is linear in the file and that lets other
 * requests run while it reads.
 */
import net from 'node:net';
import { DEFAULT_CSV_LIMITS } from '../../src/config/config';
import { CsvFileError, CsvLimitError } from '../../src/csv/csv-file-error';
import { readRecords } from '../../src/csv/csv-reader';
import { CsvScanner } from '../../src/csv/csv-scan';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { authHeader, importCsv, postImport } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const jobCount = async (target: TestServer, appId: string) =>
  (await target.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs WHERE app_id = $1', [appId]))[0]!.n;

const refusals = async (target: TestServer, appId: string) =>
  (await target.db.query<{ details: any }>(`SELECT details FROM audit_log WHERE app_id = $1 AND action = 'csv.import' ORDER BY id`, [appId])).map(
    (entry) => entry.details,
  );

describe('an upload past a limit is refused with 413 as it streams in, naming the row and the limit, and keeps nothing', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a quoted cell over 64 KB',
      () => `email,name\na@example.com,Ada\nb@example.com,"${'x'.repeat(70_000)}"\n`,
      /^Row 3, cell 2 is longer than the 65536 bytes a cell may hold \(IMPORT_MAX_CELL_BYTES\)$/,
    ],
    [
      'a row over 1 MB of short cells',
      () => `email,note\n${`c@example.com,${Array.from({ length: 990 }, () => 'y'.repeat(1100)).join(',')}`}\n`,
      /^Row 2 is longer than the 1048576 bytes a row may hold \(IMPORT_MAX_ROW_BYTES\)$/,
    ],
    ['a header of 1,001 cells', () => `email${',x'.repeat(1000)}\na@example.com\n`, /^Row 1 has more than the 1000 cells a row may hold$/],
    ['a header of an email and a million commas', () => `email${','.repeat(1_000_000)}\na@example.com\n`, /^Row 1 has more than the 1000 cells/],
  ];
  it.each(cases)('%s', async (_name, body, message) => {
    const appId = newAppId();
    const answer = await postImport(server, appId, body());
    expect(answer.status).toBe(413);
    expect((answer.body as any).error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(message) });
    expect(await jobCount(server, appId)).toBe(0);
    const [audited] = await refusals(server, appId);
    expect(audited).toMatchObject({ status: 'FAILED', message: expect.stringMatching(message) });
  });

  it('stops reading at the limit: the answer comes while the client is still sending', async () => {
    const appId = newAppId();
    const { authorization } = await authHeader(appId);
    const { port } = new URL(server.url);
    // A raw socket: the server answers and closes while the body is still coming, which an HTTP client reports as a write error.
    const answer = await new Promise<{ text: string; sent: number }>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let text = '';
      let sent = 0;
      let closed = false;
      socket.on('data', (data) => (text += data.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        closed = true;
        resolve({ text, sent });
      });
      socket.write(
        `POST /csv/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nAuthorization: ${authorization}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = (body: string) => `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n`;
      socket.write(chunk('email,name\nd@example.com,"'));
      // A cell that never ends, 64 KB at a time, until the server answers (or 50 MB, which it must never need).
      const piece = chunk('z'.repeat(64 * 1024));
      const more = () => {
        if (closed || text.length > 0 || sent > 50 * 1024 * 1024) return;
        sent += 64 * 1024;
        socket.write(piece, () => setImmediate(more));
      };
      more();
    });
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.text).toMatch(/"message":"Row 2, cell 2 is longer than the 65536 bytes/);
    expect(answer.sent).toBeLessThan(50 * 1024 * 1024);
    expect(await jobCount(server, appId)).toBe(0);
  });
});

describe('IMPORT_MAX_CELL_BYTES and IMPORT_MAX_ROW_BYTES', () => {
  let custom: TestServer;
  beforeAll(async () => {
    custom = await startTestServer({ IMPORT_MAX_CELL_BYTES: '2048', IMPORT_MAX_ROW_BYTES: '4096' });
  });
  afterAll(() => custom.close());

  it('set the limits: a cell of 2 KB and a row of 4 KB pass, one byte more does not', async () => {
    const appId = newAppId();
    const cell = 'n'.repeat(2048);
    const passed = await importCsv(custom, appId, `email,name\nfits@example.com,${cell}\n`);
    // Read whole (the name itself is then too long for a name: a row error, not a file one).
    expect(passed).toMatchObject({ status: 'SUCCEEDED', totalRows: 1, processedRows: 1, message: null });
    const refused = await postImport(custom, appId, `email,name\nover@example.com,${cell}n\n`);
    expect(refused.status).toBe(413);
    expect((refused.body as any).error.message).toBe('Row 2, cell 2 is longer than the 2048 bytes a cell may hold (IMPORT_MAX_CELL_BYTES)');
    const row = `wide@example.com,${'a'.repeat(1500)},${'b'.repeat(1500)},`;
    const wide = await postImport(custom, appId, `email,name,company,note\n${row}${'c'.repeat(4096 - row.length + 1)}\n`);
    expect((wide.body as any).error.message).toBe('Row 2 is longer than the 4096 bytes a row may hold (IMPORT_MAX_ROW_BYTES)');
  });

  it('refuse values that are not a number of bytes', async () => {
    await expect(startTestServer({ IMPORT_MAX_CELL_BYTES: 'lots' })).rejects.toThrow(/IMPORT_MAX_CELL_BYTES/);
  });
});

describe('the parser', () => {
  const limits = { ...DEFAULT_CSV_LIMITS, maxCellBytes: 8 * 1024 * 1024, maxRowBytes: 16 * 1024 * 1024 };

  async function read(chunks: Buffer[]) {
    const all = [];
    for await (const batch of readRecords(chunks, limits)) all.push(...batch);
    return all;
  }

  it('reads a cell of 4 MB whole, with doubled quotes and line breaks, in one chunk or in pieces of 1,000 bytes', async () => {
    const value = `${'ab"c\n'.repeat(800_000)}end`;
    const file = Buffer.from(`email,note\ne@example.com,"${value.replaceAll('"', '""')}"\n`);
    const pieces = Array.from({ length: Math.ceil(file.length / 1000) }, (_, index) => file.subarray(index * 1000, index * 1000 + 1000));
    for (const chunks of [[file], pieces]) {
      const records = await read(chunks);
      expect(records.map((record) => record.cells.length)).toEqual([2, 2]);
      expect(records[1]!.cells[1]!.length).toBe(value.length);
      expect(records[1]!.cells[1] === value).toBe(true);
    }
  });

  it('gives other work a turn while it reads one large chunk', async () => {
    const file = Buffer.from(`email,name\n${Array.from({ length: 40_000 }, (_, n) => `u${n}@example.com,User ${n}`).join('\n')}\n`);
    let turns = 0;
    let running = true;
    const tick = () => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const records = await read([file]);
    running = false;
    expect(records).toHaveLength(40_001);
    // About a turn for every 16 KB read (the file is ~1 MB): never one long block.
    expect(turns).toBeGreaterThan(file.length / (32 * 1024));
  });

  it('and the scanner refuse the same files, with the same messages', async () => {
    const files = [`email\n"${'q'.repeat(70_000)}"\n`, `email${',x'.repeat(1000)}\n`, 'email\n"never closed\n', 'email\n"a"b\n'];
    for (const text of files) {
      let scanned: unknown;
      try {
        const scanner = new CsvScanner();
        scanner.push(Buffer.from(text));
        scanner.end();
      } catch (error) {
        scanned = error;
      }
      const parsed = await (async () => {
        try {
          for await (const _ of readRecords([Buffer.from(text)])) void _;
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(scanned).toBeInstanceOf(CsvFileError);
      expect((parsed as Error).message).toBe((scanned as Error).message);
    }
    const reading = (async () => {
      for await (const _ of readRecords([Buffer.from(`email\n"${'q'.repeat(70_000)}"\n`)])) void _;
    })();
    await expect(reading).rejects.toBeInstanceOf(CsvLimitError);
  });
});
