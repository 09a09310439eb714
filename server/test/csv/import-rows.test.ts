import 'reflect-metadata';
import { CsvFileError } from '../../src/csv/csv-file-error';
import { type ColumnMap, mapColumns } from '../../src/csv/import-columns';
import { checkRow } from '../../src/csv/import-row';
import { committedRows } from '../../src/csv/import-writers';
import { type ProfileField, ProfileFieldType } from '../../src/profile-fields/dto/profile-field.type';

const field = (key: string, type: ProfileFieldType, extra: Partial<ProfileField> = {}): ProfileField => ({
  id: key,
  key,
  label: key[0]!.toUpperCase() + key.slice(1),
  type,
  required: false,
  options: null,
  ...extra,
});

const FIELDS = [
  field('company', ProfileFieldType.TEXT),
  field('seats', ProfileFieldType.NUMBER),
  field('renewal', ProfileFieldType.DATE),
  field('newsletter', ProfileFieldType.BOOLEAN),
  field('plan', ProfileFieldType.SELECT, { options: ['Free', 'Pro'] }),
];
const HEADER = ['email', 'name', 'status', 'tags', 'signed_up_at', 'company', 'seats', 'renewal', 'newsletter', 'plan'];
const columns: ColumnMap = mapColumns(HEADER, FIELDS).columns;

/** A row with `email` and the given cells by column name. */
const row = (cells: Record<string, string>): string[] => HEADER.map((name) => cells[name] ?? (name === 'email' ? 'a@example.com' : ''));

const problems = (cells: Record<string, string>) => checkRow(columns, row(cells)).problems ?? [];

describe('mapColumns', () => {
  it('matches names trimmed and without case, and warns about unknown columns', () => {
    const { columns: mapped, warnings } = mapColumns([' EMAIL ', 'Name', 'Plan', 'Shoe size', 'id', 'last_access_at', 'error', ''], FIELDS);
    expect(mapped.user).toEqual({ email: 0, name: 1 });
    expect(mapped.profile.map((entry) => [entry.index, entry.field.key])).toEqual([[2, 'plan']]);
    expect(warnings).toEqual(['Column "Shoe size" is not a column of this app and was ignored']);
  });

  it('fails a file without an email column, naming it and showing the header', () => {
    expect(() => mapColumns(['mail', 'name'], FIELDS)).toThrow(CsvFileError);
    expect(() => mapColumns(['mail', 'name'], FIELDS)).toThrow('The file has no "email" column, which every import needs (the header row is "mail", "name")');
  });

  it('fails a column named twice', () => {
    expect(() => mapColumns(['email', 'Name', 'name '], FIELDS)).toThrow('The header names the column "name" twice (columns 2 and 3)');
  });
});

describe('checkRow', () => {
  it('turns cells into values of their types', () => {
    const check = checkRow(
      columns,
      row({
        email: '  Ada@Example.COM ',
        name: ' Ada Lovelace ',
        status: 'banned',
        tags: 'VIP; beta ;;vip;Beta',
        signed_up_at: '2015-12-10T09:30:00.123456+01:00',
        company: ' Analytical Engines ',
        seats: '-12.5e1',
        renewal: '2025-02-28',
        newsletter: 'TRUE',
        plan: 'pro',
      }),
    );
    expect(check.problems).toBeUndefined();
    expect(check.user).toEqual({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      status: 'BANNED',
      tags: ['VIP', 'beta'],
      signedUpAt: '2015-12-10T09:30:00.123456+01:00',
      profile: { company: ' Analytical Engines ', seats: -125, renewal: '2025-02-28', newsletter: true, plan: 'Pro' },
    });
  });

  it('leaves out empty cells, so they change nothing', () => {
    expect(checkRow(columns, row({ email: 'a@example.com' })).user).toEqual({
      email: 'a@example.com',
      name: null,
      status: null,
      tags: [],
      signedUpAt: null,
      profile: {},
    });
  });

  it.each([
    ['date only', '2024-02-29'],
    ['space separator', '2024-01-05 10:00'],
    ['seconds and Z', '2024-01-05T10:00:59Z'],
    ['compact offset', '2024-01-05T10:00:00-0530'],
  ])('accepts signed_up_at as ISO 8601: %s', (_name, value) => {
    expect(problems({ signed_up_at: value })).toEqual([]);
  });

  it.each(['2023-02-29', '05/01/2024', '2024-13-01', '2024-01-05T24:00', '2024-01-05T10:00+15:00', '0000-01-01', 'yesterday'])(
    'refuses signed_up_at %s',
    (value) => {
      expect(problems({ signed_up_at: value })).toEqual([
        { column: 'signed_up_at', message: expect.stringMatching(/^signed_up_at must be an ISO 8601 date such as 2024-03-01/) },
      ]);
    },
  );

  it('reports every problem of a row, each with its column', () => {
    expect(
      problems({
        email: 'not an email',
        status: 'deleted',
        seats: '1,5',
        renewal: '31/12/2024',
        newsletter: 'yes',
        plan: 'Gold',
        tags: `ok;${'x'.repeat(65)}`,
      }),
    ).toEqual([
      { column: 'email', message: 'email "not an email" is not a valid email address' },
      { column: 'status', message: 'status must be ACTIVE or BANNED, not "deleted"' },
      { column: 'tags', message: expect.stringMatching(/^tag "x{40}…" must be at most 64 characters$/) },
      { column: 'seats', message: 'Seats (seats) must be a number such as 42 or -3.5' },
      { column: 'renewal', message: 'Renewal (renewal) must be a date written YYYY-MM-DD' },
      { column: 'newsletter', message: 'Newsletter (newsletter) must be true or false' },
      { column: 'plan', message: 'Plan (plan) must be one of "Free", "Pro"' },
    ]);
  });

  it('refuses an empty email, a name on two lines, control characters and extra cells', () => {
    expect(problems({ email: ' ' })).toEqual([{ column: 'email', message: 'email is empty' }]);
    expect(problems({ name: 'Ada\nLovelace' })).toEqual([{ column: 'name', message: 'name must be one line of printable text' }]);
    expect(problems({ company: 'bell\u0007' })).toEqual([{ column: 'company', message: 'Company (company) must not contain control characters' }]);
    expect(checkRow(columns, [...row({}), '', ' ']).problems).toBeUndefined();
    expect(checkRow(columns, [...row({}), 'spilled']).problems).toEqual([
      { column: '', message: 'The row has 11 cells but the header has 10: is a comma missing its quotes?' },
    ]);
  });

  it('treats missing trailing cells as empty', () => {
    expect(checkRow(columns, ['b@example.com', 'Bea']).user).toMatchObject({ email: 'b@example.com', name: 'Bea', profile: {} });
  });
});

describe('rows an earlier run committed', () => {
  it('are the rows inside its spans, asked in file order, gaps and all', () => {
    // Spans as Postgres gives them: [first, end), the header (row 1) always in.
    const committed = committedRows([
      [1, 5],
      [9, 10],
      [12, 20],
    ]);
    const asked = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 19, 20, 21, 400];
    expect(asked.filter(committed)).toEqual([2, 3, 4, 9, 12, 19]);
  });

  it('are none for a job that has not written a batch', () => {
    const committed = committedRows([[1, 2]]);
    expect([2, 3, 1000].some(committed)).toBe(false);
  });
});
