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
 * as rows but not yielded; the first record yielded is the header.
 */
export async function* readRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = parse({ headers: false, ignoreEmpty: false, trim: false });
  const text = Readable.from(decode(chunks), { objectMode: false });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      if (cells.every(isBlankCell)) continue;
      yield { row, cells };
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError(`The file is not valid CSV near row ${row + 1}: ${error instanceof Error ? error.message : String(error)}`);
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
