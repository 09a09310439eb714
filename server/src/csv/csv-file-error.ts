/** Something wrong with the file as a whole (not one row): the job fails with this message and writes nothing. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}
