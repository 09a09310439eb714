import fs from 'node:fs';
import path from 'node:path';
import { copyValue, escapeFormula, unescapeFormula } from '../../src/csv/csv-cells';
import { CsvFileError } from '../../src/csv/csv-file-error';
import { type CsvRecord, readRecords } from '../../src/csv/csv-reader';
import { CsvScanner } from '../../src/csv/csv-scan';
import { EmailSet } from '../../src/csv/email-set';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name));

/** Feeds `bytes` to a scanner in pieces of `size` bytes. */
function scan(bytes: Buffer | string, size = 1 << 20) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const scanner = new CsvScanner();
  for (let start = 0; start < buffer.length; start += size) scanner.push(buffer.subarray(start, start + size));
  return scanner.end();
}

async function records(bytes: Buffer | string, size = 1 << 20): Promise<CsvRecord[]> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  function* chunks() {
    for (let start = 0; start < buffer.length; start += size) yield buffer.subarray(start, start + size);
  }
  const all: CsvRecord[] = [];
  for await (const batch of readRecords(chunks())) all.push(...batch);
  return all;
}

const scanError = (bytes: Buffer | string): string => {
  try {
    scan(bytes);
  } catch (error) {
    if (error instanceof CsvFileError) return error.message;
    throw error;
  }
  throw new Error('expected the scan to fail');
};

describe('reading a spreadsheet file (BOM, CRLF, quotes, blank rows)', () => {
  const file = fixture('spreadsheet.csv');

  it('gives each record with its spreadsheet row, blank rows skipped but counted', async () => {
    const rows = await records(file);
    expect(rows.map((record) => record.row)).toEqual([1, 2, 4, 5, 7]);
    expect(rows[0]!.cells[0]).toBe('  Email ');
    expect(rows[1]!.cells.slice(0, 2)).toEqual(['ada@example.com', 'Lovelace, Ada']);
    expect(rows[1]!.cells[5]).toBe('Analytical "Engines" Ltd');
    expect(rows[2]!.cells[5]).toBe('Navy\r\nResearch Lab');
    expect(rows[3]!.cells[1]).toBe('Linus O"Brien');
  });

  it('reads the same records whatever the chunk size, even one byte at a time', async () => {
    expect(await records(file, 1)).toEqual(await records(file));
    expect(await records(file, 7)).toEqual(await records(file));
  });

  it('scans the same rows and header as the parser reads', () => {
    for (const size of [1, 3, 64, 1 << 20]) {
      const scanned = scan(file, size);
      expect(scanned.dataRows).toBe(4);
      expect(scanned.header).toEqual(['  Email ', 'NAME', 'Status', 'Tags', 'Signed_Up_At', 'company', 'Nickname', 'newsletter']);
    }
  });

  it('reads RFC 4180 with LF endings, quoted cells and no final line break', async () => {
    const rows = await records(fixture('rfc4180-lf.csv'));
    expect(rows.map((record) => record.cells)).toEqual([
      ['email', 'name', 'tags', 'company'],
      ['zoe@example.com', 'Zoë "Z" Müller', 'Ünïcode;Second tag', 'Line one\nline two, with a comma'],
      ['soren@example.com', 'Søren', '', ' leading and trailing spaces '],
    ]);
    expect(scan(fixture('rfc4180-lf.csv')).dataRows).toBe(2);
  });

  it('treats a lone CR as a line break (old Mac files)', async () => {
    const rows = await records('email,name\r"a@x.io",A\rb@x.io,B');
    expect(rows.map((record) => [record.row, ...record.cells])).toEqual([
      [1, 'email', 'name'],
      [2, 'a@x.io', 'A'],
      [3, 'b@x.io', 'B'],
    ]);
    expect(scan('email,name\r"a@x.io",A\rb@x.io,B').dataRows).toBe(2);
  });

  it('keeps a CRLF split across two chunks as one line break', () => {
    expect(scan('email\r\na@x.io\r\nb@x.io\r\n', 6).dataRows).toBe(2);
  });
});

describe('files the scanner refuses before anything is stored', () => {
  it('text after a closing quote, naming the row', () => {
    expect(scanError('email,name\na@x.io,"Ada" Lovelace\n')).toMatch(/^Row 2 has text after the closing quote/);
  });

  it('a quoted cell never closed', () => {
    expect(scanError('email,name\na@x.io,ok\nb@x.io,"open\n\n')).toMatch(/^Row 3 has a quoted cell that is never closed/);
  });

  it('Latin-1 (a spreadsheet saved "CSV" rather than "CSV UTF-8")', () => {
    const latin1 = Buffer.concat([Buffer.from('email,name\na@x.io,Ren'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(scanError(latin1)).toMatch(/not UTF-8 text \(row 2, byte 22 /);
  });

  it('UTF-16 with its byte-order mark', () => {
    expect(scanError(Buffer.from('\ufeffemail\n', 'utf16le'))).toMatch(/UTF-16/);
  });

  it('binary data', () => {
    expect(scanError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toMatch(/binary data/);
  });

  it('overlong and surrogate UTF-8 sequences, as TextDecoder would', () => {
    expect(scanError(Buffer.from([0x65, 0x0a, 0xc0, 0xaf, 0x0a]))).toMatch(/not UTF-8/);
    expect(scanError(Buffer.from([0x65, 0x0a, 0xed, 0xa0, 0x80, 0x0a]))).toMatch(/not UTF-8/);
    expect(scanError(Buffer.from([0x65, 0x0a, 0xe2, 0x82]))).toMatch(/not UTF-8/);
  });

  it('an empty file, or one of blank lines', () => {
    expect(scanError('')).toMatch(/empty/);
    expect(scanError('\r\n\r\n ,\r\n')).toMatch(/empty/);
  });

  it('accepts multi-byte characters split across chunks', () => {
    expect(scan('email,name\na@x.io,Zoë Łukasz 東京\n', 1).dataRows).toBe(1);
  });
});

describe('the reader checks UTF-8 on its own (a stored file read back, or any stream)', () => {
  const text = '\ufeffemail,name\na@x.io,Zoë Łukasz 東京 😀\n';
  const readError = async (bytes: Buffer, size?: number): Promise<string> => {
    try {
      await records(bytes, size);
    } catch (error) {
      if (error instanceof CsvFileError) return error.message;
      throw error;
    }
    throw new Error('expected the read to fail');
  };

  it('reads every character whole and drops the byte-order mark, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 4, 5, 1 << 20]) {
      const rows = await records(Buffer.from(text), size);
      expect(rows.map((record) => record.cells)).toEqual([
        ['email', 'name'],
        ['a@x.io', 'Zoë Łukasz 東京 😀'],
      ]);
    }
  });

  it('refuses bytes that are not UTF-8, wherever the chunks split them', async () => {
    const bad = [
      Buffer.concat([Buffer.from('email,name\na@x.io,Ren'), Buffer.from([0xe9]), Buffer.from('\n')]),
      Buffer.from([0x65, 0x0a, 0xc0, 0xaf, 0x0a]),
      Buffer.from([0x65, 0x0a, 0xed, 0xa0, 0x80, 0x0a]),
      Buffer.from([0x65, 0x0a, 0xe2, 0x82]),
      Buffer.from([0x65, 0x0a, 0xe2, 0x41, 0x41, 0x0a]),
      Buffer.from([0xef, 0xbb]),
    ];
    for (const bytes of bad) {
      for (const size of [1, 2, 3, 1 << 20]) expect(await readError(bytes, size)).toMatch(/not UTF-8 text/);
    }
  });
});

describe('formula escaping', () => {
  const values = ['=1+2', '+33 6 12', '-5', '@SUM(A1)', '\tx', '\rx', "'=x", "''=x", "'x", 'plain', '', "it's", 'a=b'];

  it('puts a quote before cells a spreadsheet would run, and nowhere else', () => {
    expect(values.map(escapeFormula)).toEqual(["'=1+2", "'+33 6 12", "'-5", "'@SUM(A1)", "'\tx", "'\rx", "''=x", "'''=x", "'x", 'plain', '', "it's", 'a=b']);
  });

  it('import takes exactly that quote away, so every value round-trips', () => {
    for (const value of values) expect(unescapeFormula(escapeFormula(value))).toBe(value);
    expect(unescapeFormula("'x")).toBe("'x");
  });
});

describe('copyValue', () => {
  it('writes a value for COPY text format, backslashes, tabs and line breaks escaped, null as \\N', () => {
    expect(copyValue('plain, with "quotes"')).toBe('plain, with "quotes"');
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
  });
});

describe('EmailSet', () => {
  it('returns the first row of an email seen before, through growth', () => {
    const set = new EmailSet(4);
    for (let row = 2; row < 20_002; row += 1) expect(set.claim(`user${row}@example.com`, row)).toBe(0);
    expect(set.claim('user2@example.com', 30_000)).toBe(2);
    expect(set.claim('user19999@example.com', 30_001)).toBe(19_999);
    expect(set.claim('someone.new@example.com', 30_002)).toBe(0);
  });
});
