import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from '@fast-csv/parse';
import { isBlankCell } from './csv-cells';
import { CsvFileError } from './csv-file-error';

/**
 * Records parsed ahead of the reader. Few: records that wait longer than two
 * young-generation collections (a few milliseconds while an import parses)
 * are promoted to the old generation, and with a thousand waiting most of a
 * file's cells were, which made the heap and the import's collections grow.
 */
const QUEUE = 32;

/** One record of a CSV file and its row as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * Parses a CSV file streamed as byte chunks (fast-csv does the RFC 4180 work):
 * strict UTF-8, a leading byte-order mark dropped. Blank records are counted
 * as rows but not yielded; the first record yielded is the header. Records
 * come in small arrays, as the parser produces them, so a million rows do not
 * cost a million awaits.
 */
export async function* readRecords(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord[]> {
  const parser = parse({ headers: false, ignoreEmpty: false, trim: false });
  // fast-csv decodes the bytes itself: handing it text would make a Buffer of every string again.
  const text = Readable.from(checkedUtf8(chunks), { objectMode: false });
  let queue: CsvRecord[] = [];
  let row = 0;
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (cells: string[]) => {
    row += 1;
    if (cells.every(isBlankCell)) return;
    queue.push({ row, cells });
    if (queue.length >= QUEUE) parser.pause();
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (error) => {
    failure = error;
    signal();
  });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  try {
    for (;;) {
      if (queue.length > 0) {
        const records = queue;
        queue = [];
        parser.resume();
        yield records;
      } else if (failure !== undefined) {
        if (failure instanceof CsvFileError) throw failure;
        throw new CsvFileError(`The file is not valid CSV near row ${row + 1}: ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`);
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    text.destroy();
    parser.destroy();
  }
}

const NOT_UTF8 = 'The file is not UTF-8 text; save it as "CSV UTF-8" and upload it again';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The chunks as they come, checked to be strict UTF-8 without decoding them
 * (a character split between chunks is checked whole), a leading byte-order
 * mark dropped.
 */
async function* checkedUtf8(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let start = Buffer.alloc(0);
  let started = false;
  /** The bytes of a character the last chunk began but did not finish. */
  let tail = Buffer.alloc(0);
  for await (const chunk of chunks) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!started) {
      // The byte-order mark may itself arrive split: hold the first bytes until there are three.
      start = Buffer.concat([start, bytes]);
      if (start.length < BOM.length && BOM.subarray(0, start.length).equals(start)) continue;
      started = true;
      bytes = start.subarray(0, BOM.length).equals(BOM) ? start.subarray(BOM.length) : start;
      start = Buffer.alloc(0);
    }
    let from = 0;
    if (tail.length > 0) {
      const need = sequenceLength(tail[0]!) - tail.length;
      const joined = Buffer.concat([tail, bytes.subarray(0, need)]);
      if (joined.length < tail.length + need) {
        // Still not the whole character (a chunk of a byte or two): the next chunk or the end decides.
        tail = joined;
        if (bytes.length > 0) yield bytes;
        continue;
      }
      if (!isUtf8(joined)) throw new CsvFileError(NOT_UTF8);
      from = need;
    }
    const cut = completeUpTo(bytes, from);
    if (!isUtf8(bytes.subarray(from, cut))) throw new CsvFileError(NOT_UTF8);
    tail = Buffer.from(bytes.subarray(cut));
    if (bytes.length > 0) yield bytes;
  }
  if (!started && start.length > 0) {
    // A file of one or two bytes, the start of a byte-order mark: not text.
    throw new CsvFileError(NOT_UTF8);
  }
  if (tail.length > 0) throw new CsvFileError(NOT_UTF8);
}

/** The bytes a character starting with `lead` takes (1 for a byte that cannot start one: isUtf8 refuses it). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
}

/** Where the last character of `bytes` that is not complete begins (bytes.length when all are). */
function completeUpTo(bytes: Buffer, from: number): number {
  for (let index = bytes.length - 1; index >= Math.max(from, bytes.length - 3); index -= 1) {
    const byte = bytes[index]!;
    if ((byte & 0xc0) === 0x80) continue;
    return index + sequenceLength(byte) > bytes.length ? index : bytes.length;
  }
  return bytes.length;
}
