import { type CsvLimits, DEFAULT_CSV_LIMITS } from '../config/config';
import { CsvFileError, CsvLimitError } from './csv-file-error';

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

/** One record of a CSV file and its row as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * Reads a CSV file as it streams past, byte by byte, in one pass: the time it
 * takes is linear in the file, whatever its cells, and its memory is the row
 * being read. It checks UTF-8 (no binary, no UTF-16), closed quotes, nothing
 * after a closing quote, and the limits; it counts the data rows and keeps
 * the header, so a job knows its size at once and a broken file fails before
 * a single row is written. With `records` it also gives every record with
 * its cells (the import job's parser); without, it keeps only the header
 * (the upload's check). Both follow exactly the same rules:
 *
 * - records end at CRLF, LF or a lone CR outside quotes;
 * - a cell in quotes may hold commas, line breaks and doubled quotes (`""`);
 *   spaces before its opening quote and after its closing quote are not part
 *   of it; a quote inside a cell that does not start with one is kept as text;
 * - blank records (only spaces, tabs, line breaks or empty cells) are counted
 *   as rows but are not data rows, and are not given as records;
 * - a record's row is its number in the file, the header being row 1.
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

  /** The bytes of the current row and of its current cell, against the limits. */
  private rowBytes = 0;
  private cellBytes = 0;
  private cellCount = 0;
  /** The chunk being read, and where in it the current run of a cell's bytes began (-1: none). */
  private chunk: Buffer = Buffer.alloc(0);
  private runStart = -1;
  /**
   * The cell's bytes so far, while cells are kept: a cell that is one run of
   * the chunk being read is decoded where it lies (`single`); any other
   * (split by a doubled quote or between chunks) is copied into `cell`, which
   * grows by doubling and is reused, so its cost is linear in its length.
   */
  private singleStart = -1;
  private singleEnd = -1;
  private cell = Buffer.alloc(1024);
  private cellLength = 0;
  private cells: string[] = [];
  private done: CsvRecord[] = [];

  constructor(
    private readonly limits: CsvLimits = DEFAULT_CSV_LIMITS,
    private readonly options: { records?: boolean } = {},
  ) {}

  /** Cells are kept while the header is read, and all the time when records are asked for. */
  private get keeping(): boolean {
    return this.options.records === true || !this.header;
  }

  push(bytes: Uint8Array): void {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.chunk = chunk;
    let index = 0;
    while (index < chunk.length) {
      if (this.pending === 0 && !this.start && (this.state === State.Unquoted || this.state === State.Quoted)) {
        const end = this.plainRun(chunk, index);
        if (end > index) {
          index = end;
          continue;
        }
      }
      if (this.start) this.startByte(chunk[index]!, index);
      else this.byte(chunk[index]!, index);
      index += 1;
    }
    this.closeRun(chunk.length);
    this.keepSingle();
    this.chunk = Buffer.alloc(0);
  }

  /** The records completed so far and not yet taken (only with `records`). */
  takeRecords(): CsvRecord[] {
    const records = this.done;
    this.done = [];
    return records;
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
  private startByte(byte: number, index: number): void {
    const start = this.start!;
    start.push(byte);
    if (start.every((value, at) => value === UTF8_BOM[at])) {
      if (start.length === UTF8_BOM.length) {
        this.start = undefined;
        this.bytes += start.length;
      }
      return;
    }
    this.flushStart(index);
  }

  /**
   * The bytes held at the start were not a byte-order mark: they are read as
   * the file's first bytes. The last of them is the chunk's byte at `index`
   * (so a cell's run can begin there); the others are read from a copy.
   */
  private flushStart(index?: number): void {
    const start = this.start;
    if (!start) return;
    this.start = undefined;
    // The bytes before the one at `index` may have come in earlier chunks: they are read from a copy.
    const earlier = Buffer.from(index === undefined ? start : start.slice(0, -1));
    const chunk = this.chunk;
    this.chunk = earlier;
    for (let at = 0; at < earlier.length; at += 1) this.byte(earlier[at]!, at);
    this.closeRun(earlier.length);
    this.keepSingle();
    this.chunk = chunk;
    if (index !== undefined) this.byte(chunk[index]!, index);
  }

  /**
   * The common case at speed: a run of ASCII bytes inside a cell that ends
   * nothing (no separator, line break or quote that counts), taken at once
   * and counted against the limits as the bytes one by one would be. Returns
   * where the run ends; the byte there goes the slow way.
   */
  private plainRun(chunk: Buffer, from: number): number {
    const quoted = this.state === State.Quoted;
    let index = from;
    let content = false;
    for (; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      if (byte >= 0x80 || byte === 0) break;
      if (quoted ? byte === QUOTE : byte === COMMA || byte === CR || byte === LF) break;
      if (byte !== SPACE && byte !== TAB && byte !== CR && byte !== LF) content = true;
    }
    const length = index - from;
    if (length === 0) return from;
    this.bytes += length;
    this.rowBytes += length;
    if (this.rowBytes > this.limits.maxRowBytes) {
      throw new CsvLimitError(`Row ${this.row} is longer than the ${this.limits.maxRowBytes} bytes a row may hold (IMPORT_MAX_ROW_BYTES)`);
    }
    this.rowStarted = true;
    if (content) this.rowHasContent = true;
    this.cellBytes += length - 1;
    this.collect(from);
    return index;
  }

  private byte(byte: number, index: number): void {
    const offset = this.bytes;
    this.bytes += 1;
    this.rowBytes += 1;
    if (this.rowBytes > this.limits.maxRowBytes) {
      throw new CsvLimitError(`Row ${this.row} is longer than the ${this.limits.maxRowBytes} bytes a row may hold (IMPORT_MAX_ROW_BYTES)`);
    }
    if (this.pending > 0 || byte >= 0x80) {
      this.checkUtf8(byte, offset);
      this.content(index);
      return;
    }
    if (byte === 0) throw new CsvFileError(`This is not a CSV text file: it holds binary data (a zero byte in row ${this.row})`);
    if (this.afterCr) {
      this.afterCr = false;
      if (byte === LF) {
        this.rowBytes -= 1;
        return;
      }
    }
    this.ascii(byte, index);
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

  private ascii(byte: number, index: number): void {
    switch (this.state) {
      case State.CellStart:
        if (byte === QUOTE) {
          // Spaces before the opening quote are not part of the cell.
          this.dropCell();
          this.rowStarted = true;
          this.state = State.Quoted;
        } else if (byte === COMMA) {
          this.rowStarted = true;
          this.endCell(index);
        } else if (byte === CR || byte === LF) {
          this.endRow(index);
          this.afterCr = byte === CR;
        } else if (byte === SPACE || byte === TAB) {
          // Spaces before text are part of the cell (and make the row started, not yet with content).
          this.rowStarted = true;
          this.collect(index);
        } else {
          this.state = State.Unquoted;
          this.content(index);
        }
        return;
      case State.Unquoted:
        if (byte === COMMA) this.endCell(index);
        else if (byte === CR || byte === LF) {
          this.endRow(index);
          this.afterCr = byte === CR;
        } else this.content(index);
        return;
      case State.Quoted:
        if (byte === QUOTE) {
          this.closeRun(index);
          this.state = State.QuoteInQuoted;
        } else this.content(index);
        return;
      case State.QuoteInQuoted:
        if (byte === QUOTE) {
          // A doubled quote: the second one is the cell's quote character.
          this.state = State.Quoted;
          this.content(index);
        } else this.afterQuoted(byte, index);
        return;
      case State.AfterQuoted:
        this.afterQuoted(byte, index);
        return;
    }
  }

  private afterQuoted(byte: number, index: number): void {
    if (byte === COMMA) this.endCell(index);
    else if (byte === CR || byte === LF) {
      this.endRow(index);
      this.afterCr = byte === CR;
    } else if (byte === SPACE || byte === TAB) this.state = State.AfterQuoted;
    else {
      throw new CsvFileError(`Row ${this.row} has text after the closing quote of a cell: a quote inside a quoted cell must be doubled ("")`);
    }
  }

  /** A byte that belongs to a cell's value. */
  private content(index: number): void {
    this.rowStarted = true;
    const byte = this.chunk[index]!;
    if (byte !== SPACE && byte !== TAB && byte !== CR && byte !== LF) this.rowHasContent = true;
    this.collect(index);
  }

  private collect(index: number): void {
    this.cellBytes += 1;
    if (this.cellBytes > this.limits.maxCellBytes) {
      throw new CsvLimitError(
        `Row ${this.row}, cell ${this.cellCount + 1} is longer than the ${this.limits.maxCellBytes} bytes a cell may hold (IMPORT_MAX_CELL_BYTES)`,
      );
    }
    if (!this.header && this.rowBytes > MAX_HEADER_BYTES) throw new CsvFileError('The header row is longer than 64 KB: is this a CSV file?');
    if (this.keeping && this.runStart < 0) this.runStart = index;
  }

  /** Ends the run of cell bytes in the current chunk before `index`, keeping it as part of the cell. */
  private closeRun(index: number): void {
    const start = this.runStart;
    if (start < 0) return;
    this.runStart = -1;
    if (index <= start) return;
    if (this.cellLength === 0 && this.singleStart < 0) {
      this.singleStart = start;
      this.singleEnd = index;
    } else {
      this.keepSingle();
      this.append(start, index);
    }
  }

  /** The cell's one run so far is copied out (the chunk it lies in is about to go, or more follows). */
  private keepSingle(): void {
    if (this.singleStart < 0) return;
    const start = this.singleStart;
    this.singleStart = -1;
    this.append(start, this.singleEnd);
  }

  private append(start: number, end: number): void {
    const length = this.cellLength + end - start;
    if (length > this.cell.length) {
      const grown = Buffer.alloc(Math.max(length, this.cell.length * 2));
      this.cell.copy(grown, 0, 0, this.cellLength);
      this.cell = grown;
    }
    this.chunk.copy(this.cell, this.cellLength, start, end);
    this.cellLength = length;
  }

  /** What was read of the cell so far is not part of it (spaces before an opening quote). */
  private dropCell(): void {
    this.runStart = -1;
    this.singleStart = -1;
    this.cellLength = 0;
    this.cellBytes = 0;
  }

  private endCell(index: number): void {
    this.closeRun(index);
    this.cellCount += 1;
    if (this.cellCount > this.limits.maxColumns) {
      throw new CsvLimitError(`Row ${this.row} has more than the ${this.limits.maxColumns} cells a row may hold`);
    }
    if (this.keeping) {
      const start = this.singleStart;
      this.cells.push(
        start >= 0 ? this.chunk.toString('utf8', start, this.singleEnd) : this.cellLength > 0 ? this.cell.toString('utf8', 0, this.cellLength) : '',
      );
      this.singleStart = -1;
      this.cellLength = 0;
    }
    this.cellBytes = 0;
    this.state = State.CellStart;
  }

  private endRow(index = this.chunk.length): void {
    this.endCell(index);
    if (this.rowHasContent) {
      if (!this.header) this.header = this.cells;
      else this.dataRows += 1;
      if (this.options.records) this.done.push({ row: this.row, cells: this.cells });
    }
    // Leading blank lines are skipped: the header is the first row holding something.
    this.cells = [];
    this.cellCount = 0;
    this.rowBytes = 0;
    this.state = State.CellStart;
    this.row += 1;
    this.rowStarted = false;
    this.rowHasContent = false;
  }
}
