import { setImmediate as nextTurn } from 'node:timers/promises';
import { type CsvLimits, DEFAULT_CSV_LIMITS } from '../config/config';
import { type CsvRecord, CsvScanner } from './csv-scan';

export type { CsvRecord } from './csv-scan';

/**
 * How much of a chunk is read before its records are handed on and the event
 * loop gets a turn: about a hundred rows. Few records wait at a time — records
 * that wait longer than two young-generation collections are promoted to the
 * old generation, and with a thousand waiting most of a file's cells were,
 * which made the heap and the import's collections grow — and no chunk, however
 * large or strange, holds the loop for more than a fraction of a millisecond.
 */
const SLICE_BYTES = 16 * 1024;

/**
 * Parses a CSV file streamed as byte chunks with the scanner the upload
 * checked it with (one pass, linear in the file; strict UTF-8; a leading
 * byte-order mark dropped; the same limits). Blank records are counted as
 * rows but not yielded; the first record yielded is the header. Records come
 * in small arrays, so a million rows do not cost a million awaits, and
 * between two arrays other requests run.
 */
export async function* readRecords(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): AsyncGenerator<CsvRecord[]> {
  const scanner = new CsvScanner(limits, { records: true });
  for await (const chunk of chunks) {
    for (let from = 0; from < chunk.length; from += SLICE_BYTES) {
      scanner.push(chunk.subarray(from, from + SLICE_BYTES));
      const records = scanner.takeRecords();
      if (records.length > 0) yield records;
      await nextTurn();
    }
  }
  scanner.end();
  const last = scanner.takeRecords();
  if (last.length > 0) yield last;
}
