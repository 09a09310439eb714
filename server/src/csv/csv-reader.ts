import { Readable } from 'node:stream';
import { parse } from '@fast-csv/parse';
import { isBlankCell } from './csv-cells';
import { CsvFileError } from './csv-file-error';

/** One record of a CSV file and its row as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * Parses a CSV file streamed as byte chunks (fast-csv does the RFC 4180 work):
 * strict UTF-8, a leading byte-order mark dropped. Blank records are counted
 * as rows but not yielded; the first record yielded is the header. Records
 * come in arrays, as the parser produces them, so a million rows do not cost
 * a million awaits.
 */
export async function* readRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord[]> {
  const parser = parse({ headers: false, ignoreEmpty: false, trim: false });
  const text = Readable.from(decode(chunks), { objectMode: false });
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
    if (queue.length >= 1000) parser.pause();
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
        throw new CsvFileError(`The file is not valid CSV near row ${row + 1}: ${failure instanceof Error ? failure.message : String(failure)}`);
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

async function* decode(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of chunks) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new CsvFileError('The file is not UTF-8 text; save it as "CSV UTF-8" and upload it again');
    throw error;
  }
}
