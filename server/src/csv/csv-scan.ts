import { CsvFileError } from './csv-file-error';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const MAX_HEADER_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const enum State {
  CellStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: either the first of a doubled pair or the closing one. */
  QuoteInQuoted,
  AfterQuoted,
}

export interface ScanResult {
  /** The header row's cells, untouched. */
  header: string[];
  /** Rows after the header that hold anything (blank rows are skipped). */
  dataRows: number;
  bytes: number;
}

/**
 * Checks an uploaded CSV file as it streams past, byte by byte and in constant
 * memory: UTF-8, no binary, quotes closed, nothing after a closing quote. It
 * counts the data rows and keeps the header, so a job knows its size at once
 * and a broken file fails before a single row is written.
 *
 * Records end at CRLF, LF or a lone CR outside quotes; blank records (only
 * spaces, tabs or empty cells) are counted as file rows but not as data rows —
 * the same rules the job's parser follows.
 */
export class CsvScanner {
  private state = State.CellStart;
  private bytes = 0;
  /** File row being read; the header is row 1. */
  private row = 1;
  private rowStarted = false;
  private rowHasContent = false;
  private afterCr = false;
  private dataRows = 0;
  /** UTF-8 continuation bytes still expected, and the allowed range of the next one. */
  private pending = 0;
  /** Where the multi-byte character being read began. */
  private sequenceStart = 0;
  private nextMin = 0x80;
  private nextMax = 0xbf;
  /** The first bytes, held until we know whether they are a byte-order mark. */
  private start: number[] | undefined = [];
  private header: string[] | undefined;
  private headerCell: number[] = [];
  private headerCells: string[] = [];
  private headerBytes = 0;

  push(chunk: Uint8Array): void {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      if (this.start) this.startByte(byte);
      else this.byte(byte);
    }
  }

  end(): ScanResult {
    this.flushStart();
    if (this.pending > 0) throw this.notUtf8(this.sequenceStart);
    if (this.state === State.Quoted) {
      throw new CsvFileError(`Row ${this.row} has a quoted cell that is never closed: a quote inside a quoted cell must be doubled ("")`);
    }
    if (this.rowStarted || this.state !== State.CellStart) this.endRow();
    if (!this.header) throw new CsvFileError('The file is empty: it needs a header row with at least an "email" column');
    return { header: this.header, dataRows: this.dataRows, bytes: this.bytes };
  }

  /** The UTF-8 byte-order mark spreadsheets write first is skipped. */
  private startByte(byte: number): void {
    const start = this.start!;
    start.push(byte);
    if (start.every((value, index) => value === UTF8_BOM[index])) {
      if (start.length === UTF8_BOM.length) {
        this.start = undefined;
        this.bytes += start.length;
      }
      return;
    }
    this.flushStart();
  }

  private flushStart(): void {
    const start = this.start;
    if (!start) return;
    this.start = undefined;
    for (const byte of start) this.byte(byte);
  }

  private byte(byte: number): void {
    const offset = this.bytes;
    this.bytes += 1;
    if (this.pending > 0 || byte >= 0x80) {
      this.checkUtf8(byte, offset);
      this.content(byte);
      return;
    }
    if (byte === 0) throw new CsvFileError(`This is not a CSV text file: it holds binary data (a zero byte in row ${this.row})`);
    if (this.afterCr) {
      this.afterCr = false;
      if (byte === LF) return;
    }
    this.ascii(byte);
  }

  private checkUtf8(byte: number, offset: number): void {
    if (this.pending > 0) {
      if (byte < this.nextMin || byte > this.nextMax) throw this.notUtf8(this.sequenceStart);
      this.pending -= 1;
      this.nextMin = 0x80;
      this.nextMax = 0xbf;
      return;
    }
    if (offset === 0 && (byte === 0xff || byte === 0xfe)) {
      throw new CsvFileError('The file is UTF-16 text ("Unicode Text"); save it as "CSV UTF-8" and upload it again');
    }
    this.sequenceStart = offset;
    if (byte >= 0xc2 && byte <= 0xdf) {
      this.pending = 1;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      this.pending = 2;
      if (byte === 0xe0) this.nextMin = 0xa0;
      if (byte === 0xed) this.nextMax = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      this.pending = 3;
      if (byte === 0xf0) this.nextMin = 0x90;
      if (byte === 0xf4) this.nextMax = 0x8f;
    } else {
      throw this.notUtf8(offset);
    }
  }

  private notUtf8(offset: number): CsvFileError {
    return new CsvFileError(
      `The file is not UTF-8 text (row ${this.row}, byte ${offset + 1} is not UTF-8); ` +
        'save it from the spreadsheet as "CSV UTF-8" (a workbook or a zipped file will not do) and upload it again',
    );
  }

  private ascii(byte: number): void {
    switch (this.state) {
      case State.CellStart:
        if (byte === QUOTE) {
          this.rowStarted = true;
          this.state = State.Quoted;
        } else if (byte === COMMA) {
          this.rowStarted = true;
          this.endCell();
        } else if (byte === CR || byte === LF) {
          this.endRow();
          this.afterCr = byte === CR;
        } else if (byte === SPACE || byte === TAB) {
          // Spaces before a quote are not part of the cell; before text they are.
          this.rowStarted = true;
          this.collect(byte);
        } else {
          this.state = State.Unquoted;
          this.content(byte);
        }
        return;
      case State.Unquoted:
        if (byte === COMMA) this.endCell();
        else if (byte === CR || byte === LF) {
          this.endRow();
          this.afterCr = byte === CR;
        } else this.content(byte);
        return;
      case State.Quoted:
        if (byte === QUOTE) this.state = State.QuoteInQuoted;
        else this.content(byte);
        return;
      case State.QuoteInQuoted:
        if (byte === QUOTE) {
          this.state = State.Quoted;
          this.content(byte);
        } else this.afterQuoted(byte);
        return;
      case State.AfterQuoted:
        this.afterQuoted(byte);
        return;
    }
  }

  private afterQuoted(byte: number): void {
    if (byte === COMMA) this.endCell();
    else if (byte === CR || byte === LF) {
      this.endRow();
      this.afterCr = byte === CR;
    } else if (byte === SPACE || byte === TAB) this.state = State.AfterQuoted;
    else {
      throw new CsvFileError(`Row ${this.row} has text after the closing quote of a cell: a quote inside a quoted cell must be doubled ("")`);
    }
  }

  /** A byte that belongs to a cell's value. */
  private content(byte: number): void {
    this.rowStarted = true;
    if (byte !== SPACE && byte !== TAB && byte !== CR && byte !== LF) this.rowHasContent = true;
    this.collect(byte);
  }

  private collect(byte: number): void {
    if (this.header) return;
    this.headerBytes += 1;
    if (this.headerBytes > MAX_HEADER_BYTES) throw new CsvFileError('The header row is longer than 64 KB: is this a CSV file?');
    this.headerCell.push(byte);
  }

  private endCell(): void {
    if (!this.header) {
      this.headerCells.push(Buffer.from(this.headerCell).toString('utf8'));
      this.headerCell = [];
    }
    this.state = State.CellStart;
  }

  private endRow(): void {
    if (!this.header) {
      this.endCell();
      // Leading blank lines are skipped: the header is the first row holding something.
      if (this.rowHasContent) this.header = this.headerCells;
      this.headerCells = [];
    } else if (this.rowHasContent) {
      this.dataRows += 1;
    }
    this.state = State.CellStart;
    this.row += 1;
    this.rowStarted = false;
    this.rowHasContent = false;
  }
}
