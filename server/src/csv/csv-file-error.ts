/** Something wrong with the file as a whole (not one row): the job fails with this message and writes nothing. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/**
 * The file holds more than a limit allows (a cell, a row, the cells of a
 * row): the upload is refused as it streams in, with 413, and the rest of
 * the body is not read.
 */
export class CsvLimitError extends CsvFileError {
  constructor(message: string) {
    super(message);
    this.name = 'CsvLimitError';
  }
}
